/*
 * The Lua engine's native helper: what runs for every Lua allocation and every event a script handles,
 * where crossing between .NET and native code once per field cost more than the work itself.
 *
 *  - rustirc_lua_alloc: the allocator of every script's lua_State. It counts the bytes in use and refuses
 *    what would go over the script's limit, except while host code is pushing values (host_depth > 0):
 *    a refusal there would unwind through .NET frames. Small blocks come from the script's own pools.
 *  - rustirc_lua_call_event: calls a handler with an event, in one call from .NET. The event is one
 *    userdata holding the packed event (written by LuaScript.PackEvent), with a metatable per kind of
 *    event whose __index decodes a field each time it is read. A handler pays for the fields it reads and
 *    for one allocation, not for a table of every field. To a script it is a table: type() says "table",
 *    pairs, next, rawget, rawset and rawlen work on it, and the first write, iteration or raw access turns
 *    it into a real table (kept as the userdata's user value) that holds every field from then on.
 *
 * Lua's API is reached through function pointers handed over by rustirc_lua_init (resolved by .NET from the
 * same liblua54 KeraLua loaded), so this library links against nothing but libc and needs no Lua headers.
 * Must match LuaNative.cs and LuaScript.PackEvent.
 */
#include "rustirc_lua.h"

lua_api lua;

/* A private key (its address, as light userdata): in an event metatable it holds the event's field names.
   A script cannot make a light userdata, so it cannot name it. */
static const char event_key = 'e';

int rustirc_lua_abi(void) { return RUSTIRC_LUA_ABI; }

/* Milliseconds of the coarse monotonic clock (a few milliseconds of resolution, read without a system
   call): what the host times script calls with. The precise clock cost ~20 ns a reading. */
int64_t rustirc_lua_clock(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

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

budget *rustirc_lua_budget_new(int64_t limit)
{
    budget *b = calloc(1, sizeof *b);
    if (b != NULL) b->limit = limit;
    return b;
}

/* After lua_close: gives the pools' memory back. */
void rustirc_lua_budget_free(budget *b)
{
    if (b == NULL) return;
    for (chunk *c = b->chunks; c != NULL;) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(b);
}

static size_t pool_class(size_t size) { return (size + POOL_STEP - 1) / POOL_STEP - 1; }

static void *acquire(budget *b, size_t size)
{
    if (size > POOL_LARGEST) return malloc(size);
    size_t class = pool_class(size);
    void *block = b->free[class];
    if (block != NULL) {
        b->free[class] = *(void **)block;
        return block;
    }
    size_t rounded = (class + 1) * POOL_STEP;
    if (b->carve == NULL || (size_t)(b->carve_end - b->carve) < rounded) {
        /* What is left of the old chunk (less than one block of this class) stays unused. */
        chunk *c = malloc(POOL_CHUNK);
        if (c == NULL) return NULL;
        c->next = b->chunks;
        b->chunks = c;
        b->carve = (char *)(c + 1);
        b->carve_end = (char *)c + POOL_CHUNK;
    }
    block = b->carve;
    b->carve += rounded;
    return block;
}

static void release(budget *b, void *block, size_t size)
{
    if (size > POOL_LARGEST) {
        free(block);
        return;
    }
    size_t class = pool_class(size);
    *(void **)block = b->free[class];
    b->free[class] = block;
}

/* The lua_Alloc of every script's state, from the state's creation on (Lua passes every block's size back). */
void *rustirc_lua_alloc(void *data, void *pointer, size_t old_size, size_t new_size)
{
    budget *b = data;
    size_t old = pointer == NULL ? 0 : old_size;
    if (new_size == 0) {
        if (pointer != NULL) {
            release(b, pointer, old);
            b->used -= (int64_t)old;
        }
        return NULL;
    }
    if (b->host_depth == 0 && new_size > old && b->used - (int64_t)old + (int64_t)new_size > b->limit) {
        if (b->refused < 2) b->refused++;
        return NULL;
    }
    void *result;
    if (pointer == NULL) {
        result = acquire(b, new_size);
    } else if (old <= POOL_LARGEST && new_size <= POOL_LARGEST && pool_class(old) == pool_class(new_size)) {
        result = pointer;
    } else if (old > POOL_LARGEST && new_size > POOL_LARGEST) {
        result = realloc(pointer, new_size);
    } else {
        result = acquire(b, new_size);
        if (result != NULL) {
            memcpy(result, pointer, old < new_size ? old : new_size);
            release(b, pointer, old);
        }
    }
    if (result == NULL) return NULL;
    if (b->refused == 1) b->refused = 0;
    b->used += (int64_t)new_size - (int64_t)old;
    return result;
}

/*
 * The packed event, as LuaScript.PackEvent writes it: a uint32 offset per field (from the start), then
 * each field's value: a type byte, then
 *   nil / false / true: nothing;  integer: int64;  number: double;
 *   string: int32 (length * 2 + wide), then its characters: one byte each (ASCII) when wide is 0, else
 *     UTF-16 units, made UTF-8 here only when a script reads the field;
 *   map of strings: int32 count, count x (key string, value string);  list of strings: int32 count, strings.
 * Unaligned, in this machine's byte order: .NET wrote it in this process.
 */
enum { V_NIL, V_FALSE, V_TRUE, V_INTEGER, V_NUMBER, V_STRING, V_STRING_MAP, V_STRING_LIST };

/* The userdata a script gets as an event. */
typedef struct event {
    /* EVENT_PACKED: no table yet; EVENT_PARTIAL: a table (user value 1) holding the nested tables read so
       far (tags, channels…), so that they stay the same table from read to read; EVENT_TABLE: the table
       holds every field and is the event from now on (the script wrote to it, iterated it, or the host
       converted it). */
    int32_t state;
    int32_t count;
    int32_t length;
    uint8_t packed[];
} event;

enum { EVENT_PACKED, EVENT_PARTIAL, EVENT_TABLE };

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

/* Pushes n UTF-16 units as UTF-8; a lone surrogate becomes U+FFFD, as .NET's UTF-8 encoder makes it. */
static void push_utf16(lua_State *L, const uint8_t *units, int32_t n)
{
    char small[768];
    char *out = small;
    small[0] = 0; /* only for gcc, which cannot see that a count of 0 reads none of it */
    size_t o = 0;
    int buffered = (size_t)n * 3 > sizeof small;
    /* A long string is made in a Lua buffer, not with malloc: pushing may raise (out of memory), and a
       raise would leak what malloc gave. */
    if (buffered) out = lua.newuserdatauv(L, (size_t)n * 3, 0);
    for (int32_t i = 0; i < n; i++) {
        uint16_t c;
        memcpy(&c, units + 2 * (size_t)i, 2);
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            uint16_t low = 0;
            if (c <= 0xDBFF && i + 1 < n) memcpy(&low, units + 2 * ((size_t)i + 1), 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                uint32_t code = 0x10000 + (((uint32_t)c - 0xD800) << 10) + (low - 0xDC00);
                out[o++] = (char)(0xF0 | code >> 18);
                out[o++] = (char)(0x80 | ((code >> 12) & 0x3F));
                out[o++] = (char)(0x80 | ((code >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (code & 0x3F));
                i++;
            } else {
                out[o++] = (char)0xEF;
                out[o++] = (char)0xBF;
                out[o++] = (char)0xBD;
            }
        } else {
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    lua.pushlstring(L, out, o);
    if (buffered) {
        lua.rotate(L, -2, 1);
        lua.settop(L, -2);
    }
}

static int push_string(lua_State *L, reader *r)
{
    int32_t header;
    if (!read_i32(r, &header)) return 0;
    int32_t n = header >> 1;
    if (header & 1) {
        if ((r->end - r->at) / 2 < n) return 0;
        push_utf16(L, r->at, n);
        r->at += 2 * (size_t)n;
    } else {
        if (r->end - r->at < n) return 0;
        lua.pushlstring(L, (const char *)r->at, (size_t)n);
        r->at += n;
    }
    return 1;
}

/* Pushes field i of e and returns 1, or 2 when it is a table (a map or a list); pushes nothing and returns
   0 when the bytes are malformed. */
static int push_field(lua_State *L, const event *e, int32_t i)
{
    uint32_t offset;
    if (i < 0 || i >= e->count) return 0;
    memcpy(&offset, e->packed + 4 * (size_t)i, 4);
    if (offset >= (uint32_t)e->length) return 0;
    reader r = { e->packed + offset, e->packed + e->length };
    uint8_t type = *r.at++;
    int32_t count;
    switch (type) {
    case V_NIL:
        lua.pushnil(L);
        return 1;
    case V_FALSE:
    case V_TRUE:
        lua.pushboolean(L, type == V_TRUE);
        return 1;
    case V_INTEGER:
    case V_NUMBER:
        if (r.end - r.at < 8) return 0;
        if (type == V_INTEGER) {
            int64_t n;
            memcpy(&n, r.at, 8);
            lua.pushinteger(L, n);
        } else {
            double d;
            memcpy(&d, r.at, 8);
            lua.pushnumber(L, d);
        }
        return 1;
    case V_STRING:
        return push_string(L, &r);
    case V_STRING_MAP:
    case V_STRING_LIST:
        if (!read_i32(&r, &count)) return 0;
        lua.createtable(L, type == V_STRING_LIST ? count : 0, type == V_STRING_MAP ? count : 0);
        for (int32_t k = 0; k < count; k++) {
            if (type == V_STRING_MAP) {
                if (!push_string(L, &r)) goto malformed;
                if (!push_string(L, &r)) {
                    lua.settop(L, -2);
                    goto malformed;
                }
                lua.rawset(L, -3);
            } else {
                if (!push_string(L, &r)) goto malformed;
                lua.rawseti(L, -2, k + 1);
            }
        }
        return 2;
    malformed:
        lua.settop(L, -2);
        return 0;
    default:
        return 0;
    }
}

/* Pushes the table of the event at ud (an absolute index), making it first if there is none yet. */
static void push_table(lua_State *L, int ud, event *e)
{
    if (e->state != EVENT_PACKED) {
        lua.getiuservalue(L, ud, 1);
        return;
    }
    lua.createtable(L, 0, e->count + 1);
    lua.pushvalue(L, -1);
    lua.setiuservalue(L, ud, 1);
    e->state = EVENT_PARTIAL;
}

/* Pushes the event's table with every field in it (keys: the absolute index of its field names). */
static void push_complete(lua_State *L, int ud, event *e, int keys)
{
    push_table(L, ud, e);
    if (e->state == EVENT_TABLE) return;
    int table = lua.gettop(L);
    for (int32_t i = 0; i < e->count; i++) {
        lua.rawgeti(L, keys, i + 1);
        lua.pushvalue(L, -1);
        if (lua.rawget(L, table) != LUA_TNIL) {
            /* A nested table read before: the script may hold it, so it stays. */
            lua.settop(L, -3);
            continue;
        }
        lua.settop(L, -2);
        if (!push_field(L, e, i)) {
            lua.settop(L, -2);
            continue;
        }
        lua.rawset(L, table);
    }
    e->state = EVENT_TABLE;
}

/* Whether idx holds an event (pushes nothing). */
static int is_event(lua_State *L, int idx);

/* The event at idx, with its field names pushed; NULL (and nothing pushed) when idx holds no event. */
static event *to_event(lua_State *L, int idx)
{
    idx = lua.absindex(L, idx);
    if (lua.type(L, idx) != LUA_TUSERDATA || !lua.getmetatable(L, idx)) return NULL;
    if (lua.rawgetp(L, -1, &event_key) != LUA_TTABLE) {
        lua.settop(L, -3);
        return NULL;
    }
    lua.rotate(L, -2, 1);
    lua.settop(L, -2);
    return lua.touserdata(L, idx);
}

static int is_event(lua_State *L, int idx)
{
    int top = lua.gettop(L);
    int event = to_event(L, idx) != NULL;
    lua.settop(L, top);
    return event;
}

/* Puts the complete table of the event at idx in its place; anything else stays. */
static void event_to_table(lua_State *L, int idx)
{
    idx = lua.absindex(L, idx);
    event *e = to_event(L, idx);
    if (e == NULL) return;
    int keys = lua.gettop(L);
    push_complete(L, idx, e, keys);
    lua.copy(L, -1, idx);
    lua.settop(L, keys - 1);
}

/*
 * The names of an event's fields as the interned Lua strings the metatable's name table keeps alive: a
 * short string (up to LUAI_MAXSHORTLEN, 40 bytes) exists once per state, so a key is one of these exactly
 * when its text is the same pointer. Made by rustirc_lua_shape as a userdata (upvalue 2 of __index).
 */
#define SHORT_STRING 40

typedef struct shape {
    int32_t count;
    const char *names[];
} shape;

/* __index(event, key): the field, decoded from the packed event (upvalues: the names, the shape). */
static int event_index(lua_State *L)
{
    event *e = lua.touserdata(L, 1);
    if (e->state != EVENT_PACKED) {
        lua.getiuservalue(L, 1, 1);
        lua.pushvalue(L, 2);
        if (lua.rawget(L, -2) != LUA_TNIL || e->state == EVENT_TABLE) return 1;
        lua.settop(L, 2);
    }
    if (lua.type(L, 2) != LUA_TSTRING) return 0;
    size_t length;
    const char *key = lua.tolstring(L, 2, &length);
    const shape *names = lua.touserdata(L, UPVALUE(2));
    int32_t i = 0;
    while (i < names->count && names->names[i] != key) i++;
    if (i == names->count) {
        /* Only a long string can be a field name without being the same pointer (none is, today). */
        if (length <= SHORT_STRING) return 0;
        lua.pushvalue(L, 2);
        if (lua.rawget(L, UPVALUE(1)) != LUA_TNUMBER) return 0;
        i = (int32_t)lua.tointegerx(L, -1, NULL) - 1;
        lua.settop(L, 2);
    }
    int pushed = push_field(L, e, i);
    if (pushed == 2) {
        /* tags, channels…: kept, so that a change the script makes to them stays. */
        push_table(L, 1, e);
        lua.pushvalue(L, 2);
        lua.pushvalue(L, -3);
        lua.rawset(L, -3);
        lua.settop(L, -2);
    }
    return pushed != 0;
}

/* __newindex(event, key, value): from the first write on, the event is its table. */
static int event_newindex(lua_State *L)
{
    event *e = lua.touserdata(L, 1);
    lua.settop(L, 3);
    push_complete(L, 1, e, UPVALUE(1));
    lua.pushvalue(L, 2);
    lua.pushvalue(L, 3);
    lua.rawset(L, -3);
    return 0;
}

/* __pairs(event): next over its complete table. */
static int event_pairs(lua_State *L)
{
    event *e = lua.touserdata(L, 1);
    lua.settop(L, 1);
    lua.pushvalue(L, UPVALUE(2));
    push_complete(L, 1, e, UPVALUE(1));
    lua.pushnil(L);
    return 3;
}

/* __len(event): the length of its complete table. */
static int event_len(lua_State *L)
{
    event *e = lua.touserdata(L, 1);
    lua.settop(L, 1);
    push_complete(L, 1, e, UPVALUE(1));
    lua.pushinteger(L, (int64_t)lua.rawlen(L, -1));
    return 1;
}

/* __tostring(event): as a table prints. */
static int event_tostring(lua_State *L)
{
    char text[64];
    snprintf(text, sizeof text, "table: %p", lua.topointer(L, 1));
    lua.pushstring(L, text);
    return 1;
}

/* The base library functions that see an event as the table it stands for (see rustirc_lua_prepare). */
static int base_type(lua_State *L)
{
    lua.checkany(L, 1);
    int type = lua.type(L, 1);
    if (type == LUA_TUSERDATA && to_event(L, 1) != NULL) type = LUA_TTABLE;
    lua.pushstring(L, lua.type_name(L, type));
    return 1;
}

static int base_rawget(lua_State *L)
{
    event_to_table(L, 1);
    lua.checktype(L, 1, LUA_TTABLE);
    lua.checkany(L, 2);
    lua.settop(L, 2);
    lua.rawget(L, 1);
    return 1;
}

static int base_rawset(lua_State *L)
{
    /* Lua's order of checks: the table first, then the key and the value. */
    if (lua.type(L, 1) != LUA_TTABLE && !is_event(L, 1)) lua.checktype(L, 1, LUA_TTABLE);
    lua.checkany(L, 2);
    lua.checkany(L, 3);
    lua.settop(L, 3);
    lua.pushvalue(L, 1); /* returned: the event itself, not its table */
    event_to_table(L, 1);
    lua.checktype(L, 1, LUA_TTABLE);
    lua.pushvalue(L, 2);
    lua.pushvalue(L, 3);
    lua.rawset(L, 1);
    return 1;
}

static int base_rawlen(lua_State *L)
{
    event_to_table(L, 1);
    int type = lua.type(L, 1);
    if (type != LUA_TTABLE && type != LUA_TSTRING) return lua.typeerror(L, 1, "table or string");
    lua.pushinteger(L, (int64_t)lua.rawlen(L, 1));
    return 1;
}

static int base_next(lua_State *L)
{
    event_to_table(L, 1);
    lua.checktype(L, 1, LUA_TTABLE);
    lua.settop(L, 2);
    if (lua.next(L, 1)) return 2;
    lua.pushnil(L);
    return 1;
}

static int pairs_continued(lua_State *L, int status, intptr_t context)
{
    (void)L;
    (void)status;
    (void)context;
    return 3;
}

/* pairs(t): as Lua's, but the iterator of a table without __pairs is the next scripts see (pairs({}) == next). */
static int base_pairs(lua_State *L)
{
    lua.checkany(L, 1);
    if (lua.getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua.pushcclosure(L, base_next, 0);
        lua.pushvalue(L, 1);
        lua.pushnil(L);
    } else {
        lua.pushvalue(L, 1);
        lua.callk(L, 1, 3, 0, pairs_continued);
    }
    return 3;
}

/*
 * setmetatable(t, mt): as Lua's, checked in its order with its messages, and refusing a metatable with a
 * __gc field: a finalizer runs when the collector decides, with debug hooks off, where no limit could stop
 * it. Done here rather than in Lua so that nothing a script can replace (a global rawget, say) takes part.
 * An event stands for a table whose metatable is protected.
 */
static int base_setmetatable(lua_State *L)
{
    int type = lua.type(L, 2);
    if (is_event(L, 1)) return lua.error(L, "cannot change a protected metatable");
    lua.checktype(L, 1, LUA_TTABLE);
    if (type != LUA_TNIL && type != LUA_TTABLE) return lua.typeerror(L, 2, "nil or table");
    if (lua.getmetafield(L, 1, "__metatable") != LUA_TNIL) return lua.error(L, "cannot change a protected metatable");
    if (type == LUA_TTABLE) {
        lua.pushstring(L, "__gc");
        if (lua.rawget(L, 2) != LUA_TNIL) return lua.error(L, "__gc finalizers are not allowed in scripts");
    }
    lua.settop(L, 2);
    lua.setmetatable(L, 1);
    return 1;
}

/*
 * Replaces type, rawget, rawset, rawlen, next, pairs and setmetatable with versions that take an event for
 * its table (and refuse finalizers), and the library functions that loop in C (rustirc_lua_guards.c).
 * Called once per state, before any script code runs.
 */
void rustirc_lua_prepare(lua_State *L)
{
    /* LUA_GCINC: the incremental collector, starting a cycle when the heap has grown to GC_PAUSE percent
       of what the last one left (Lua's default is 200). Every event is a new userdata, so cycles come
       often, and each marks the whole script (its libraries, the sandbox): waiting longer marks less per
       event (measured: 200 -> 377 ns an event, 400 -> 364, 600 -> 353). A script's heap may so grow to six
       times what it holds, which for most scripts is some hundreds of kilobytes; the memory limit still
       holds: at the limit Lua collects in full before it gives up. */
    lua.gc(L, 11, GC_PAUSE, 0, 0);
    lua.pushcclosure(L, base_type, 0);
    lua.setglobal(L, "type");
    lua.pushcclosure(L, base_rawget, 0);
    lua.setglobal(L, "rawget");
    lua.pushcclosure(L, base_rawset, 0);
    lua.setglobal(L, "rawset");
    lua.pushcclosure(L, base_rawlen, 0);
    lua.setglobal(L, "rawlen");
    lua.pushcclosure(L, base_next, 0);
    lua.setglobal(L, "next");
    lua.pushcclosure(L, base_pairs, 0);
    lua.setglobal(L, "pairs");
    lua.pushcclosure(L, base_setmetatable, 0);
    lua.setglobal(L, "setmetatable");
    rustirc_guards_prepare(L);
}

/*
 * Pushes a new metatable for events with these fields: keys holds each name as a byte count and the bytes.
 * The host keeps it and hands it to rustirc_lua_call_event for every event of that kind.
 */
void rustirc_lua_shape(lua_State *L, const uint8_t *keys, int32_t length, int32_t count)
{
    lua.createtable(L, count, count);
    int names = lua.gettop(L);
    const uint8_t *at = keys, *end = keys + length;
    for (int32_t i = 0; i < count && at < end; i++) {
        uint8_t n = *at++;
        if (end - at < n) break;
        lua.pushlstring(L, (const char *)at, n);
        at += n;
        lua.pushvalue(L, -1);
        lua.rawseti(L, names, i + 1);
        lua.pushinteger(L, i + 1);
        lua.rawset(L, names);
    }
    int32_t made = (int32_t)lua.rawlen(L, names);
    shape *pointers = lua.newuserdatauv(L, sizeof(shape) + sizeof(const char *) * (size_t)made, 0);
    pointers->count = made;
    for (int32_t i = 0; i < made; i++) {
        lua.rawgeti(L, names, i + 1);
        pointers->names[i] = lua.tolstring(L, -1, NULL);
        lua.settop(L, -2);
    }
    int shape_index = lua.gettop(L);
    lua.createtable(L, 0, 8);
    lua.pushvalue(L, names);
    lua.pushvalue(L, shape_index);
    lua.pushcclosure(L, event_index, 2);
    lua.setfield(L, -2, "__index");
    lua.pushvalue(L, names);
    lua.pushcclosure(L, event_newindex, 1);
    lua.setfield(L, -2, "__newindex");
    lua.pushvalue(L, names);
    lua.pushcclosure(L, base_next, 0);
    lua.pushcclosure(L, event_pairs, 2);
    lua.setfield(L, -2, "__pairs");
    lua.pushvalue(L, names);
    lua.pushcclosure(L, event_len, 1);
    lua.setfield(L, -2, "__len");
    lua.pushcclosure(L, event_tostring, 0);
    lua.setfield(L, -2, "__tostring");
    /* getmetatable(event) gives this string, and the sandbox's setmetatable refuses an event. */
    lua.pushstring(L, "event");
    lua.setfield(L, -2, "__metatable");
    lua.pushvalue(L, names);
    lua.rawsetp(L, -2, &event_key);
    /* Leave only the metatable: names, shape, metatable -> metatable. */
    lua.copy(L, -1, names);
    lua.settop(L, names);
}

/* Pushes the complete table of the event at idx and returns 1; returns 0 (nothing pushed) for anything else. */
int rustirc_lua_event_table(lua_State *L, int idx)
{
    lua.pushvalue(L, idx);
    event_to_table(L, -1);
    if (lua.type(L, -1) == LUA_TTABLE) return 1;
    lua.settop(L, -2);
    return 0;
}

/* What a handler returned, as rustirc_lua_call_event reports it. */
enum { RESULT_NIL, RESULT_FALSE, RESULT_TRUE, RESULT_VALUE };

/*
 * Calls the function at registry[function_ref], protected, with a new event of the metatable at
 * registry[metatable_ref] holding a copy of packed. Returns Lua's status (or -1: no room on the stack).
 * On success *result says what the handler returned; only a RESULT_VALUE is left on the stack.
 */
int rustirc_lua_call_event(lua_State *L, budget *b, int function_ref, int metatable_ref, const uint8_t *packed,
                           int32_t length, int32_t count, int32_t *result)
{
    if (!lua.checkstack(L, 4)) return -1;
    /* A call's limits start here (LuaScript.Enter and Leave, for the calls made from .NET). */
    if (b->running++ == 0) {
        b->ticks = 0;
        b->exceeded = 0;
        b->refused = 0;
        b->started = rustirc_lua_clock();
    }
    /* Making the event is host work: an allocation refused here, outside a protected call, would make
       Lua abort the process. The script's own next allocation is refused instead. */
    b->host_depth++;
    lua.rawgeti(L, LUA_REGISTRYINDEX, function_ref);
    event *e = lua.newuserdatauv(L, sizeof(event) + (size_t)length, 1);
    e->state = EVENT_PACKED;
    e->count = count;
    e->length = length;
    memcpy(e->packed, packed, (size_t)length);
    lua.rawgeti(L, LUA_REGISTRYINDEX, metatable_ref);
    lua.setmetatable(L, -2);
    b->host_depth--;
    int status = lua.pcallk(L, 1, 1, 0, 0, NULL);
    if (--b->running == 0) b->cpu += rustirc_lua_clock() - b->started;
    if (status != 0) return status;
    int type = lua.type(L, -1);
    if (type == LUA_TNIL || type == LUA_TBOOLEAN) {
        *result = type == LUA_TNIL ? RESULT_NIL : lua.toboolean(L, -1) ? RESULT_TRUE : RESULT_FALSE;
        lua.settop(L, -2);
    } else {
        *result = RESULT_VALUE;
    }
    return 0;
}
