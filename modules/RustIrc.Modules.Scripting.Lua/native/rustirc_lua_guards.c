/*
 * The library functions that could run for minutes inside C, where the count hook that enforces a
 * script's limits never runs, replaced by versions that bound their work before it starts:
 *
 *  - table.move, table.insert, table.remove loop once per element they shift, and shifting nils
 *    allocates nothing, so neither the memory limit nor the hook could stop table.move({}, 1, 1<<50, 2).
 *    They are written out here (checked in Lua's order, with Lua's messages) and charge the script's
 *    instruction budget one instruction per element before looping.
 *  - table.sort charges n log2 n comparisons.
 *  - string.rep of empty strings loops n times to build nothing: the result is made directly.
 *  - coroutine.wrap is Lua's, with the sandbox's limit check after each resume: written here because a
 *    wrapper in Lua loses its caller's position when it is reached by a tail call.
 *  - print is Lua's (each value through __tostring, joined by tabs), written to the client through
 *    irc.print instead of stdout.
 *  - string.find, match, gmatch and gsub first ask the sandbox's pattern policy (a Lua function of the
 *    prelude) whether the pattern may run on that subject, then run Lua's own function in the same call.
 *
 * Each replacement is a C function registered under the public name, so its argument errors name the
 * function and the caller's position exactly as Lua's own do (luaL_argerror looks at the caller's call).
 */
#include "rustirc_lua.h"

#define TAB_R 1
#define TAB_W 2
#define TAB_L 4
#define MAX_INTEGER INT64_MAX
/* Loops shorter than this are not charged: most calls on ordinary tables. */
#define CHARGE_FROM 4096
/* The largest string string.rep makes: a script's memory limit must hold it twice while it is built. */
#define REP_LIMIT (16 << 20)

/* Registry keys (their addresses): the sandbox's limit check, and the originals of the pattern functions. */
static const char limit_key = 'l', create_key = 'c', over_key = 'o';

static lua_CFunction original_sort;

/*
 * Counts n steps of a loop in C against the script's instruction budget (in the thousands the hook counts),
 * then runs the sandbox's limit check, which raises when a limit is passed; the loop then never starts.
 */
static void charge(lua_State *L, double steps)
{
    if (steps < CHARGE_FROM) return;
    void *data = NULL;
    lua.getallocf(L, &data);
    budget *b = data;
    /* Capped so that the host's count (ticks times 1000) cannot overflow. */
    const int64_t most = INT64_MAX / 4096;
    double thousands = steps / 1000;
    b->ticks = thousands >= (double)(most - b->ticks) ? most : b->ticks + (int64_t)thousands;
    if (lua.rawgetp(L, LUA_REGISTRYINDEX, &limit_key) == LUA_TFUNCTION) {
        lua.callk(L, 0, 0, 0, NULL);
    } else {
        lua.settop(L, -2);
    }
}

/* Whether the metatable on top of the stack has field key (left pushed). */
static int has_field(lua_State *L, const char *key, int n)
{
    lua.pushstring(L, key);
    return lua.rawget(L, -n) != LUA_TNIL;
}

/* As ltablib.c's checktab: a table, or a value whose metatable has the metamethods the operation uses. */
static void check_table(lua_State *L, int arg, int what)
{
    if (lua.type(L, arg) == LUA_TTABLE) return;
    int n = 1;
    if (lua.getmetatable(L, arg)
        && (!(what & TAB_R) || has_field(L, "__index", ++n))
        && (!(what & TAB_W) || has_field(L, "__newindex", ++n))
        && (!(what & TAB_L) || has_field(L, "__len", ++n))) {
        lua.settop(L, -n - 1);
        return;
    }
    lua.checktype(L, arg, LUA_TTABLE); /* raises Lua's own "table expected" */
}

static int64_t length_of(lua_State *L, int arg, int what)
{
    check_table(L, arg, what | TAB_L);
    return lua.len(L, arg);
}

static int argument_check(lua_State *L, int ok, int arg, const char *message)
{
    return ok ? 1 : lua.argerror(L, arg, message);
}

/* table.move(a1, f, e, t [, a2]) */
static int guarded_move(lua_State *L)
{
    int64_t f = lua.checkinteger(L, 2);
    int64_t e = lua.checkinteger(L, 3);
    int64_t t = lua.checkinteger(L, 4);
    int destination = lua.type(L, 5) > LUA_TNIL ? 5 : 1;
    check_table(L, 1, TAB_R);
    check_table(L, destination, TAB_W);
    if (e >= f) {
        argument_check(L, f > 0 || e < MAX_INTEGER + f, 3, "too many elements to move");
        int64_t n = e - f + 1;
        argument_check(L, t <= MAX_INTEGER - n + 1, 4, "destination wrap around");
        charge(L, (double)n);
        if (t > e || t <= f || (destination != 1 && !lua.compare(L, 1, destination, 0 /* LUA_OPEQ */))) {
            for (int64_t i = 0; i < n; i++) {
                lua.geti(L, 1, f + i);
                lua.seti(L, destination, t + i);
            }
        } else {
            for (int64_t i = n - 1; i >= 0; i--) {
                lua.geti(L, 1, f + i);
                lua.seti(L, destination, t + i);
            }
        }
    }
    lua.pushvalue(L, destination);
    return 1;
}

/* table.insert(t, [pos,] value) */
static int guarded_insert(lua_State *L)
{
    int64_t e = length_of(L, 1, TAB_R | TAB_W);
    e = (int64_t)((uint64_t)e + 1u); /* the first empty element, wrapping as Lua's luaL_intop does */
    int64_t pos;
    switch (lua.gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = lua.checkinteger(L, 2);
        argument_check(L, (uint64_t)pos - 1u < (uint64_t)e, 2, "position out of bounds");
        charge(L, (double)(e - pos));
        for (int64_t i = e; i > pos; i--) {
            lua.geti(L, 1, i - 1);
            lua.seti(L, 1, i);
        }
        break;
    default:
        return lua.error(L, "wrong number of arguments to 'insert'");
    }
    lua.seti(L, 1, pos);
    return 0;
}

/* table.remove(t [, pos]) */
static int guarded_remove(lua_State *L)
{
    int64_t size = length_of(L, 1, TAB_R | TAB_W);
    int64_t pos = lua.optinteger(L, 2, size);
    if (pos != size) argument_check(L, (uint64_t)pos - 1u <= (uint64_t)size, 2, "position out of bounds");
    lua.geti(L, 1, pos);
    if (pos < size) charge(L, (double)(size - pos));
    for (; pos < size; pos++) {
        lua.geti(L, 1, pos + 1);
        lua.seti(L, 1, pos);
    }
    lua.pushnil(L);
    lua.seti(L, 1, pos);
    return 1;
}

/* table.sort(t [, comp]): charged n log2 n comparisons, then Lua's own (which reads the length again). */
static int guarded_sort(lua_State *L)
{
    int64_t n = length_of(L, 1, TAB_R | TAB_W);
    if (n > 1) {
        double steps = (double)n;
        for (int64_t m = n; m > 1; m >>= 1) steps += (double)n;
        charge(L, steps);
    }
    return original_sort(L);
}

/* string.rep(s, n [, sep]): Lua's checks, then the 16 MB cap; an empty result is made without looping. */
static lua_CFunction original_rep;

static int guarded_rep(lua_State *L)
{
    size_t length, separator;
    lua.checklstring(L, 1, &length);
    int64_t n = lua.checkinteger(L, 2);
    lua.optlstring(L, 3, "", &separator);
    if (n <= 0 || length + separator == 0) {
        lua.pushstring(L, "");
        return 1;
    }
    /* Lua's string library sizes strings in an int: its MAXSIZE is INT_MAX. */
    if (length + separator < length || (uint64_t)(length + separator) > (uint64_t)INT32_MAX / (uint64_t)n) {
        return lua.error(L, "resulting string too large");
    }
    if ((double)length * (double)n + (double)separator * (double)(n - 1) > REP_LIMIT) {
        return lua.error(L, "string.rep: the result would be over 16 MB");
    }
    return original_rep(L);
}

/*
 * string.find, match, gmatch, gsub (upvalues: Lua's function, the policy, the public name). The policy
 * gets the name, the subject, the pattern and find's plain flag, and returns a message when the pattern
 * must not run on that subject. If the policy itself fails (a malformed pattern it could not read), Lua's
 * function runs and says what is wrong with the pattern in its own words.
 */
static int guarded_pattern(lua_State *L)
{
    if (lua.type(L, 1) == LUA_TSTRING && lua.type(L, 2) == LUA_TSTRING) {
        int top = lua.gettop(L);
        lua.checkstack(L, 6);
        lua.pushvalue(L, UPVALUE(2));
        lua.pushvalue(L, UPVALUE(3));
        lua.pushvalue(L, 1);
        lua.pushvalue(L, 2);
        lua.pushboolean(L, top >= 4 && lua.toboolean(L, 4));
        if (lua.pcallk(L, 4, 1, 0, 0, NULL) == LUA_OK && lua.type(L, -1) == LUA_TSTRING) {
            return lua.error(L, "%s", lua.tolstring(L, -1, NULL));
        }
        lua.settop(L, top);
    }
    lua_CFunction original = lua.tocfunction(L, UPVALUE(1));
    return original(L);
}

static void replace(lua_State *L, const char *library, const char *name, lua_CFunction f);

/* The function coroutine.wrap returns (upvalue: the coroutine): resumes it as Lua's does. */
static int wrapped(lua_State *L)
{
    lua_State *co = lua.tothread(L, UPVALUE(1));
    int arguments = lua.gettop(L);
    int results = 0, status;
    if (!lua.checkstack(co, arguments)) {
        lua.pushstring(L, "too many arguments to resume");
        status = -1;
    } else {
        lua.xmove(L, co, arguments);
        status = lua.resume(co, L, arguments, &results);
    }
    /* A limit passed inside the coroutine stops the script here too, whatever the coroutine did with it. */
    if (lua.rawgetp(L, LUA_REGISTRYINDEX, &over_key) == LUA_TFUNCTION) {
        lua.callk(L, 0, 1, 0, NULL);
        if (lua.type(L, -1) == LUA_TSTRING) return lua.raise(L);
    }
    lua.settop(L, -2);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua.checkstack(L, results + 1)) {
            lua.settop(co, -results - 1);
            lua.pushstring(L, "too many results to resume");
        } else {
            lua.xmove(co, L, results);
            return results;
        }
    } else if (status != -1) {
        int state = lua.status(co);
        if (state != LUA_OK && state != LUA_YIELD) {
            /* It failed: close it, so its to-be-closed variables run; an error of theirs replaces the first. */
            status = lua.closethread(co, L);
        }
        lua.xmove(co, L, 1);
    }
    if (status != LUA_ERRMEM && lua.type(L, -1) == LUA_TSTRING) {
        lua.where(L, 1);
        lua.rotate(L, -2, 1);
        lua.concat(L, 2);
    }
    return lua.raise(L);
}

/* print(...) (upvalue: irc.print) */
static int guarded_print(lua_State *L)
{
    int n = lua.gettop(L);
    if (!lua.checkstack(L, 2 * n + 2)) return lua.error(L, "too many arguments to print");
    lua.pushvalue(L, UPVALUE(1));
    for (int i = 1; i <= n; i++) {
        if (i > 1) lua.pushstring(L, "\t");
        lua.tolstringmeta(L, i, NULL);
    }
    lua.concat(L, n == 0 ? 0 : 2 * n - 1);
    lua.callk(L, 1, 0, 0, NULL);
    return 0;
}

/* coroutine.wrap(f): a coroutine made by the sandbox's coroutine.create (which gives it the limit hook). */
static int guarded_wrap(lua_State *L)
{
    lua.checktype(L, 1, LUA_TFUNCTION);
    lua.rawgetp(L, LUA_REGISTRYINDEX, &create_key);
    lua.pushvalue(L, 1);
    lua.callk(L, 1, 1, 0, NULL);
    lua.pushcclosure(L, wrapped, 1);
    return 1;
}

/*
 * __install(what, f [, g]), called by the prelude and then removed: "limit" is the check charge() runs,
 * "print" irc.print for print, "patterns" the pattern policy, "wrap" the sandbox's coroutine.create and its over() (why the current
 * call must stop) for coroutine.wrap.
 */
static int install(lua_State *L)
{
    size_t length;
    const char *what = lua.checklstring(L, 1, &length);
    lua.checktype(L, 2, LUA_TFUNCTION);
    if (strcmp(what, "limit") == 0) {
        lua.pushvalue(L, 2);
        lua.rawsetp(L, LUA_REGISTRYINDEX, &limit_key);
        return 0;
    }
    if (strcmp(what, "print") == 0) {
        lua.pushvalue(L, 2);
        lua.pushcclosure(L, guarded_print, 1);
        lua.setglobal(L, "print");
        return 0;
    }
    if (strcmp(what, "wrap") == 0) {
        lua.checktype(L, 3, LUA_TFUNCTION);
        lua.pushvalue(L, 2);
        lua.rawsetp(L, LUA_REGISTRYINDEX, &create_key);
        lua.pushvalue(L, 3);
        lua.rawsetp(L, LUA_REGISTRYINDEX, &over_key);
        replace(L, "coroutine", "wrap", guarded_wrap);
        return 0;
    }
    if (strcmp(what, "patterns") != 0) return lua.argerror(L, 1, "\"limit\", \"print\", \"wrap\" or \"patterns\" expected");
    static const char *const names[] = { "find", "match", "gmatch", "gsub" };
    lua.getglobal(L, "string");
    for (int i = 0; i < 4; i++) {
        char public_name[16];
        snprintf(public_name, sizeof public_name, "string.%s", names[i]);
        lua.getfield(L, -1, names[i]);
        lua.pushvalue(L, 2);
        lua.pushstring(L, public_name);
        lua.pushcclosure(L, guarded_pattern, 3);
        lua.setfield(L, -2, names[i]);
    }
    lua.settop(L, -2);
    return 0;
}

/* Puts f in place of library.name. */
static void replace(lua_State *L, const char *library, const char *name, lua_CFunction f)
{
    lua.getglobal(L, library);
    lua.pushcclosure(L, f, 0);
    lua.setfield(L, -2, name);
    lua.settop(L, -2);
}

static lua_CFunction library_function(lua_State *L, const char *library, const char *name)
{
    lua.getglobal(L, library);
    lua.getfield(L, -1, name);
    lua_CFunction f = lua.tocfunction(L, -1);
    lua.settop(L, -3);
    return f;
}

void rustirc_guards_prepare(lua_State *L)
{
    original_rep = library_function(L, "string", "rep");
    original_sort = library_function(L, "table", "sort");
    replace(L, "string", "rep", guarded_rep);
    replace(L, "table", "move", guarded_move);
    replace(L, "table", "insert", guarded_insert);
    replace(L, "table", "remove", guarded_remove);
    replace(L, "table", "sort", guarded_sort);
    lua.pushcclosure(L, install, 0);
    lua.setglobal(L, "__install");
}
