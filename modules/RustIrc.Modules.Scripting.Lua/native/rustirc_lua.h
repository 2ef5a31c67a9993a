/*
 * What the two files of the Lua engine's native helper share: Lua's API as a table of function pointers
 * (filled by rustirc_lua_init from the liblua54 KeraLua loaded, so no Lua headers are needed), the few
 * Lua constants used, and the budget every script's state allocates against. Must match LuaNative.cs.
 */
#ifndef RUSTIRC_LUA_H
#define RUSTIRC_LUA_H

#define _POSIX_C_SOURCE 199309L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUSTIRC_LUA_ABI 5
#define GC_PAUSE 600
#define LUA_REGISTRYINDEX (-1000000 - 1000)
#define UPVALUE(i) (LUA_REGISTRYINDEX - (i))
#define LUA_TNIL 0
#define LUA_TBOOLEAN 1
#define LUA_TNUMBER 3
#define LUA_TSTRING 4
#define LUA_TTABLE 5
#define LUA_TUSERDATA 7

typedef struct lua_State lua_State;
typedef int (*lua_CFunction)(lua_State *);
typedef int (*lua_KFunction)(lua_State *, int, intptr_t);

/*
 * Small blocks (up to POOL_LARGEST bytes, in POOL_STEP-byte classes) come from per-script pools: Lua makes
 * and frees small objects all the time (every event is one), and a free list is several times cheaper than
 * malloc and free. A pool's memory is carved from POOL_CHUNK-byte chunks and only given back when the
 * script's state is closed (rustirc_lua_budget_free); larger blocks go to malloc.
 */
#define POOL_STEP 16
#define POOL_LARGEST 512
#define POOL_CLASSES (POOL_LARGEST / POOL_STEP)
#define POOL_CHUNK 65536

typedef struct chunk {
    struct chunk *next;
    /* Keeps the blocks after it aligned as malloc would align them. */
    max_align_t align;
} chunk;

/* Per script, made by rustirc_lua_budget_new; its first fields are read and written by LuaScript (LuaBudget). */
typedef struct budget {
    int64_t used;
    int64_t limit;
    int32_t host_depth;
    /* 1 after a refusal, until an allocation succeeds; 2 when Lua's retry (after its emergency
       collection) was refused too: then Lua raises "not enough memory", and the host stops the script at
       its next hook even if the script catches that error with pcall. */
    int32_t refused;
    /* Calls of the script under way (a call may re-enter: its print reaching its own display modifier);
       the limits and the time are those of the outermost one. */
    int32_t running;
    /* Not 0 once the host's hook found a limit passed in this call. */
    int32_t exceeded;
    /* Thousands of instructions run in this call (counted by the host's hook). */
    int64_t ticks;
    /* When the outermost call started, and the time the script's calls took so far: coarse milliseconds. */
    int64_t started;
    int64_t cpu;
    /* The pools: a free list per class, the chunks, and what is left of the newest chunk. */
    void *free[POOL_CLASSES];
    chunk *chunks;
    char *carve;
    char *carve_end;
} budget;

typedef struct lua_api {
    void (*createtable)(lua_State *, int, int);
    const char *(*pushlstring)(lua_State *, const char *, size_t);
    const char *(*pushstring)(lua_State *, const char *);
    void (*pushinteger)(lua_State *, int64_t);
    void (*pushnumber)(lua_State *, double);
    void (*pushboolean)(lua_State *, int);
    void (*pushnil)(lua_State *);
    void (*pushvalue)(lua_State *, int);
    void (*pushcclosure)(lua_State *, lua_CFunction, int);
    void (*rawset)(lua_State *, int);
    void (*rawseti)(lua_State *, int, int64_t);
    int (*rawget)(lua_State *, int);
    int (*rawgeti)(lua_State *, int, int64_t);
    int (*rawgetp)(lua_State *, int, const void *);
    void (*rawsetp)(lua_State *, int, const void *);
    uint64_t (*rawlen)(lua_State *, int);
    int (*next)(lua_State *, int);
    int (*pcallk)(lua_State *, int, int, int, intptr_t, void *);
    int (*gettop)(lua_State *);
    void (*settop)(lua_State *, int);
    int (*absindex)(lua_State *, int);
    void (*rotate)(lua_State *, int, int);
    void (*copy)(lua_State *, int, int);
    int (*checkstack)(lua_State *, int);
    int (*setmetatable)(lua_State *, int);
    int (*getmetatable)(lua_State *, int);
    void *(*newuserdatauv)(lua_State *, size_t, int);
    void *(*touserdata)(lua_State *, int);
    int (*getiuservalue)(lua_State *, int, int);
    int (*setiuservalue)(lua_State *, int, int);
    int (*type)(lua_State *, int);
    const char *(*type_name)(lua_State *, int);
    int (*toboolean)(lua_State *, int);
    int64_t (*tointegerx)(lua_State *, int, int *);
    const void *(*topointer)(lua_State *, int);
    void (*setfield)(lua_State *, int, const char *);
    void (*setglobal)(lua_State *, const char *);
    void (*checkany)(lua_State *, int);
    void (*checktype)(lua_State *, int, int);
    int (*argerror)(lua_State *, int, const char *);
    int (*gc)(lua_State *, int, ...);
    const char *(*tolstring)(lua_State *, int, size_t *);
    /* Used by the guards (rustirc_lua_guards.c). */
    int64_t (*checkinteger)(lua_State *, int);
    int64_t (*optinteger)(lua_State *, int, int64_t);
    const char *(*checklstring)(lua_State *, int, size_t *);
    const char *(*optlstring)(lua_State *, int, const char *, size_t *);
    int64_t (*len)(lua_State *, int);
    int (*geti)(lua_State *, int, int64_t);
    void (*seti)(lua_State *, int, int64_t);
    int (*error)(lua_State *, const char *, ...);
    int (*typeerror)(lua_State *, int, const char *);
    int (*getmetafield)(lua_State *, int, const char *);
    void (*callk)(lua_State *, int, int, intptr_t, lua_KFunction);
    lua_CFunction (*tocfunction)(lua_State *, int);
    void *(*getallocf)(lua_State *, void **);
    int (*getfield)(lua_State *, int, const char *);
    int (*getglobal)(lua_State *, const char *);
    int (*compare)(lua_State *, int, int, int);
    int (*resume)(lua_State *, lua_State *, int, int *);
    void (*xmove)(lua_State *, lua_State *, int);
    int (*status)(lua_State *);
    int (*closethread)(lua_State *, lua_State *);
    lua_State *(*tothread)(lua_State *, int);
    void (*where)(lua_State *, int);
    void (*concat)(lua_State *, int);
    int (*raise)(lua_State *);
    const char *(*tolstringmeta)(lua_State *, int, size_t *);
} lua_api;

extern lua_api lua;

#define LUA_OK 0
#define LUA_TNONE (-1)
#define LUA_TLIGHTUSERDATA 2
#define LUA_TFUNCTION 6
#define LUA_TTHREAD 8
#define LUA_YIELD 1
#define LUA_ERRMEM 4

/* rustirc_lua_guards.c: the base and library functions the sandbox replaces in C. */
void rustirc_guards_prepare(lua_State *L);

#endif
