/*
 * The Lua engine's native helper: what runs for every Lua allocation and every event a script handles,
 * where crossing between .NET and native code once per field cost more than the work itself.
 *
 *  - rustirc_lua_alloc: the allocator of every script's lua_State. It counts the bytes in use and refuses
 *    what would go over the script's limit, except while host code is pushing values (host_depth > 0):
 *    a refusal there would unwind through .NET frames.
 *  - rustirc_lua_call_event: calls a handler with an event table, in one call from .NET. The table is
 *    filled in lazily: it starts empty, with the packed event (written by LuaScript.PackEvent) kept in a
 *    userdata under a private key, and a shared metatable whose __index decodes a field the first time it
 *    is read and stores it in the table. A handler pays for the fields it reads, not for all of them, and
 *    a table kept after the handler returns still has its own event. pairs() (through __pairs) and the
 *    host's conversions fill in every field first.
 *
 * Lua's API is reached through function pointers handed over by rustirc_lua_init (resolved by .NET from the
 * same liblua54 KeraLua loaded), so this library links against nothing but libc and needs no Lua headers.
 * Must match LuaNative.cs and LuaScript.PackEvent.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RUSTIRC_LUA_ABI 3
#define LUA_REGISTRYINDEX (-1000000 - 1000)
#define LUA_TNIL 0
#define LUA_TSTRING 4
#define LUA_TUSERDATA 7

typedef struct lua_State lua_State;
typedef int (*lua_CFunction)(lua_State *);

/* Per script, owned by LuaScript (native memory, so the allocator never touches a .NET object). */
typedef struct budget {
    int64_t used;
    int64_t limit;
    int32_t host_depth;
    /* 1 after a refusal, until an allocation succeeds; 2 when Lua's retry (after its emergency
       collection) was refused too: then Lua raises "not enough memory", and the host stops the script at
       its next hook even if the script catches that error with pcall. */
    int32_t refused;
} budget;

static struct {
    void (*createtable)(lua_State *, int, int);
    const char *(*pushlstring)(lua_State *, const char *, size_t);
    void (*pushinteger)(lua_State *, int64_t);
    void (*pushnumber)(lua_State *, double);
    void (*pushboolean)(lua_State *, int);
    void (*pushnil)(lua_State *);
    void (*rawset)(lua_State *, int);
    void (*rawseti)(lua_State *, int, int64_t);
    int (*rawgeti)(lua_State *, int, int64_t);
    int (*pcallk)(lua_State *, int, int, int, intptr_t, void *);
    int (*gettop)(lua_State *);
    void (*settop)(lua_State *, int);
    int (*checkstack)(lua_State *, int);
    int (*rawget)(lua_State *, int);
    int (*rawgetp)(lua_State *, int, const void *);
    void (*rawsetp)(lua_State *, int, const void *);
    int (*setmetatable)(lua_State *, int);
    void *(*newuserdatauv)(lua_State *, size_t, int);
    void *(*touserdata)(lua_State *, int);
    uint64_t (*rawlen)(lua_State *, int);
    const char *(*tolstring)(lua_State *, int, size_t *);
    int (*type)(lua_State *, int);
    void (*pushcclosure)(lua_State *, lua_CFunction, int);
    void (*setfield)(lua_State *, int, const char *);
    int (*getglobal)(lua_State *, const char *);
    void (*pushvalue)(lua_State *, int);
    int (*absindex)(lua_State *, int);
} lua;

/* Private keys (their addresses, as light userdata): the event metatable in the registry, and the packed
   event in an event table. A script cannot make a light userdata, so it cannot name either. */
static const char metatable_key = 'm';
static const char event_key = 'e';

int rustirc_lua_abi(void) { return RUSTIRC_LUA_ABI; }

/* Takes the Lua functions in the order of the struct above; returns 0 when one is missing. */
int rustirc_lua_init(void *const *functions, int count)
{
    if (count != (int)(sizeof lua / sizeof(void *))) return 0;
    for (int i = 0; i < count; i++) {
        if (functions[i] == NULL) return 0;
    }
    memcpy(&lua, functions, sizeof lua);
    return 1;
}

void *rustirc_lua_alloc(void *data, void *pointer, size_t old_size, size_t new_size)
{
    budget *b = data;
    size_t old = pointer == NULL ? 0 : old_size;
    if (new_size == 0) {
        if (pointer != NULL) {
            free(pointer);
            b->used -= (int64_t)old;
        }
        return NULL;
    }
    if (b->host_depth == 0 && new_size > old && b->used - (int64_t)old + (int64_t)new_size > b->limit) {
        if (b->refused < 2) b->refused++;
        return NULL;
    }
    void *result = realloc(pointer, new_size);
    if (result == NULL) return NULL;
    if (b->refused == 1) b->refused = 0;
    b->used += (int64_t)new_size - (int64_t)old;
    return result;
}

/*
 * The packed event: its fields one after another, each
 *   u8 key length, the key's bytes, u8 type, then the value:
 *   nil / false / true: nothing;  integer: int64;  number: double;  string: int32 length + bytes;
 *   map of strings: int32 byte length of what follows, int32 count, count x (key string, value string);
 *   list of strings: int32 byte length of what follows, int32 count, count x string.
 * Little-endian, unaligned; see LuaScript.PackEvent.
 */
enum { V_NIL, V_FALSE, V_TRUE, V_INTEGER, V_NUMBER, V_STRING, V_STRING_MAP, V_STRING_LIST };

typedef struct reader {
    const uint8_t *at;
    const uint8_t *end;
} reader;

static int read_i32(reader *r, int32_t *value)
{
    if (r->end - r->at < 4) return 0;
    memcpy(value, r->at, 4);
    r->at += 4;
    return *value >= 0;
}

static int read_string(reader *r, const char **text, size_t *length)
{
    int32_t n;
    if (!read_i32(r, &n) || r->end - r->at < n) return 0;
    *text = (const char *)r->at;
    *length = (size_t)n;
    r->at += n;
    return 1;
}

static int push_string(lua_State *L, reader *r)
{
    const char *text;
    size_t length;
    if (!read_string(r, &text, &length)) return 0;
    lua.pushlstring(L, text, length);
    return 1;
}

/* Pushes the value at r (just after its key), or skips it when L is NULL; 0 when the bytes are malformed. */
static int value(lua_State *L, reader *r)
{
    if (r->at >= r->end) return 0;
    uint8_t type = *r->at++;
    int32_t count, size;
    switch (type) {
    case V_NIL:
        if (L) lua.pushnil(L);
        return 1;
    case V_FALSE:
    case V_TRUE:
        if (L) lua.pushboolean(L, type == V_TRUE);
        return 1;
    case V_INTEGER:
    case V_NUMBER:
        if (r->end - r->at < 8) return 0;
        if (L && type == V_INTEGER) {
            int64_t n;
            memcpy(&n, r->at, 8);
            lua.pushinteger(L, n);
        } else if (L) {
            double d;
            memcpy(&d, r->at, 8);
            lua.pushnumber(L, d);
        }
        r->at += 8;
        return 1;
    case V_STRING:
        if (L) return push_string(L, r);
        if (!read_i32(r, &size) || r->end - r->at < size) return 0;
        r->at += size;
        return 1;
    case V_STRING_MAP:
    case V_STRING_LIST:
        if (!read_i32(r, &size) || r->end - r->at < size) return 0;
        if (!L) {
            r->at += size;
            return 1;
        }
        if (!read_i32(r, &count)) return 0;
        lua.createtable(L, type == V_STRING_LIST ? count : 0, type == V_STRING_MAP ? count : 0);
        for (int32_t i = 0; i < count; i++) {
            if (type == V_STRING_MAP) {
                if (!push_string(L, r) || !push_string(L, r)) return 0;
                lua.rawset(L, -3);
            } else {
                if (!push_string(L, r)) return 0;
                lua.rawseti(L, -2, i + 1);
            }
        }
        return 1;
    default:
        return 0;
    }
}

/* The packed event of the table at index, or NULL when it has none (any more). */
static const uint8_t *packed_event(lua_State *L, int table, size_t *length)
{
    const uint8_t *packed = NULL;
    if (lua.rawgetp(L, table, &event_key) == LUA_TUSERDATA) {
        packed = lua.touserdata(L, -1);
        *length = (size_t)lua.rawlen(L, -1);
    }
    lua.settop(L, -2);
    return packed;
}

/* __index(table, key): decodes the field, keeps it in the table for the next read, returns it. */
static int event_index(lua_State *L)
{
    size_t key_length, length;
    const char *key;
    const uint8_t *packed;
    if (lua.type(L, 2) != LUA_TSTRING || (packed = packed_event(L, 1, &length)) == NULL) return 0;
    key = lua.tolstring(L, 2, &key_length);
    reader r = { packed, packed + length };
    while (r.at < r.end) {
        uint8_t n = *r.at++;
        if (r.end - r.at < n) return 0;
        int match = n == key_length && memcmp(r.at, key, n) == 0;
        r.at += n;
        if (!match) {
            if (!value(NULL, &r)) return 0;
            continue;
        }
        if (!value(L, &r)) return 0;
        lua.pushvalue(L, 2);
        lua.pushvalue(L, -2);
        lua.rawset(L, 1);
        return 1;
    }
    return 0;
}

/* Stores every field not stored yet, then forgets the packed event: the table is an ordinary table now. */
static void fill(lua_State *L, int table)
{
    size_t length;
    table = lua.absindex(L, table);
    const uint8_t *packed = packed_event(L, table, &length);
    if (packed == NULL) return;
    reader r = { packed, packed + length };
    while (r.at < r.end) {
        uint8_t n = *r.at++;
        if (r.end - r.at < n) break;
        lua.pushlstring(L, (const char *)r.at, n);
        r.at += n;
        if (lua.rawget(L, table) != LUA_TNIL) {
            /* Read already, or set by the script: theirs stands. */
            lua.settop(L, -2);
            if (!value(NULL, &r)) break;
            continue;
        }
        lua.settop(L, -2);
        lua.pushlstring(L, (const char *)r.at - n, n);
        if (!value(L, &r)) {
            lua.settop(L, -2);
            break;
        }
        lua.rawset(L, table);
    }
    lua.pushnil(L);
    lua.rawsetp(L, table, &event_key);
}

/* __pairs(table): every field, then Lua's own next (kept as the closure's upvalue, out of scripts' reach). */
static int event_pairs(lua_State *L)
{
    fill(L, 1);
    lua.pushvalue(L, -1000000 - 1000 - 1); /* lua_upvalueindex(1): the original next */
    lua.pushvalue(L, 1);
    lua.pushnil(L);
    return 3;
}

/* Fills in an event table (any other table is left alone) before the host reads it with lua_next. */
void rustirc_lua_fill_event(lua_State *L, int table) { fill(L, table); }

/*
 * Makes the shared event metatable and keeps it in the registry. Called once per state, before any script
 * code runs, so the `next` it keeps is Lua's own.
 */
void rustirc_lua_prepare(lua_State *L)
{
    lua.createtable(L, 0, 3);
    lua.pushcclosure(L, event_index, 0);
    lua.setfield(L, -2, "__index");
    lua.getglobal(L, "next");
    lua.pushcclosure(L, event_pairs, 1);
    lua.setfield(L, -2, "__pairs");
    /* getmetatable(event) gives this string, and setmetatable refuses to replace the table. */
    lua.pushlstring(L, "event", 5);
    lua.setfield(L, -2, "__metatable");
    lua.rawsetp(L, LUA_REGISTRYINDEX, &metatable_key);
}

/*
 * Pushes the function kept at registry[function_ref] and calls it, protected, keeping one result, with a
 * new event table holding the packed event. Returns Lua's status.
 */
int rustirc_lua_call_event(lua_State *L, budget *b, int function_ref, const uint8_t *packed, int32_t length)
{
    if (!lua.checkstack(L, 4)) return -1;
    /* Building the table is host work: an allocation refused here, outside a protected call, would make
       Lua abort the process. The script's own next allocation is refused instead. */
    b->host_depth++;
    lua.rawgeti(L, LUA_REGISTRYINDEX, function_ref);
    /* Room for the packed event and the first few fields read. */
    lua.createtable(L, 0, 4);
    lua.rawgetp(L, LUA_REGISTRYINDEX, &metatable_key);
    lua.setmetatable(L, -2);
    void *copy = lua.newuserdatauv(L, (size_t)length, 0);
    memcpy(copy, packed, (size_t)length);
    lua.rawsetp(L, -2, &event_key);
    b->host_depth--;
    return lua.pcallk(L, 1, 1, 0, 0, NULL);
}
