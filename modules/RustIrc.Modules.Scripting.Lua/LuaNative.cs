using System.Runtime.InteropServices;

namespace RustIrc.Modules.Scripting.Lua;

/// <summary>
/// The engine's small native helper (<c>native/rustirc_lua.c</c>, built by gcc next to this assembly): the
/// limited allocator every Lua state uses and the one-call event dispatch. Each would otherwise cross
/// between .NET and native code once per allocation or per table field, which cost more than the work.
/// </summary>
internal static unsafe class LuaNative
{
    private const string LibraryFile = "librustirc_lua.so";
    private const int Abi = 5;

    // The Lua functions the helper calls, in the order of its table (rustirc_lua.c, rustirc_lua_init).
    private static readonly string[] LuaFunctions =
    [
        "lua_createtable", "lua_pushlstring", "lua_pushstring", "lua_pushinteger", "lua_pushnumber", "lua_pushboolean",
        "lua_pushnil", "lua_pushvalue", "lua_pushcclosure", "lua_rawset", "lua_rawseti", "lua_rawget", "lua_rawgeti",
        "lua_rawgetp", "lua_rawsetp", "lua_rawlen", "lua_next", "lua_pcallk", "lua_gettop", "lua_settop", "lua_absindex",
        "lua_rotate", "lua_copy", "lua_checkstack", "lua_setmetatable", "lua_getmetatable", "lua_newuserdatauv",
        "lua_touserdata", "lua_getiuservalue", "lua_setiuservalue", "lua_type", "lua_typename", "lua_toboolean",
        "lua_tointegerx", "lua_topointer", "lua_setfield", "lua_setglobal", "luaL_checkany", "luaL_checktype",
        "luaL_argerror", "lua_gc", "lua_tolstring",
        // rustirc_lua_guards.c
        "luaL_checkinteger", "luaL_optinteger", "luaL_checklstring", "luaL_optlstring", "luaL_len", "lua_geti", "lua_seti",
        "luaL_error", "luaL_typeerror", "luaL_getmetafield", "lua_callk", "lua_tocfunction", "lua_getallocf", "lua_getfield",
        "lua_getglobal", "lua_compare", "lua_resume", "lua_xmove", "lua_status", "lua_closethread", "lua_tothread",
        "luaL_where", "lua_concat", "lua_error", "luaL_tolstring",
    ];

    private static readonly Lock Loading = new();
    private static Functions? _loaded;

    /// <summary>
    /// The helper built into the module's folder <paramref name="directory"/>, loaded once per load of this
    /// module; throws a <see cref="ScriptException"/> saying what to do when it cannot be loaded.
    /// </summary>
    public static Functions Get(string directory)
    {
        lock (Loading)
        {
            return _loaded ??= Load(directory);
        }
    }

    private static Functions Load(string directory)
    {
        var helper = NativeHelper.Load(directory, LibraryFile, "rustirc_lua_abi", Abi, "lua", "native/rustirc_lua.c");

        // The very liblua54 KeraLua calls, found the way its own imports find it (through this module's load context).
        var lua = NativeLibrary.Load("lua54", typeof(KeraLua.Lua).Assembly, null);
        var pointers = LuaFunctions.Select(name => NativeLibrary.GetExport(lua, name)).ToArray();
        var init = (delegate* unmanaged<IntPtr*, int, int>)NativeLibrary.GetExport(helper, "rustirc_lua_init");
        fixed (IntPtr* table = pointers)
        {
            if (init(table, pointers.Length) == 0) throw new ScriptException("the Lua engine's native helper refused the Lua library's functions");
        }
        return new Functions(
            (delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr>)NativeLibrary.GetExport(helper, "rustirc_lua_alloc"),
            (delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr>, IntPtr, void>)NativeLibrary.GetExport(lua, "lua_setallocf"),
            (delegate* unmanaged<long, LuaBudget*>)NativeLibrary.GetExport(helper, "rustirc_lua_budget_new"),
            (delegate* unmanaged<LuaBudget*, void>)NativeLibrary.GetExport(helper, "rustirc_lua_budget_free"),
            (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(helper, "rustirc_lua_prepare"),
            (delegate* unmanaged<IntPtr, byte*, int, int, void>)NativeLibrary.GetExport(helper, "rustirc_lua_shape"),
            (delegate* unmanaged<IntPtr, LuaBudget*, int, int, byte*, int, int, int*, int>)NativeLibrary.GetExport(helper, "rustirc_lua_call_event"),
            (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(helper, "rustirc_lua_event_table"),
            (delegate* unmanaged[SuppressGCTransition]<long>)NativeLibrary.GetExport(helper, "rustirc_lua_clock"));
    }

    /// <summary>The helper's entry points, and Lua's lua_setallocf (which KeraLua offers for delegates only).</summary>
    internal sealed class Functions(
        delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr> allocate,
        delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr>, IntPtr, void> setAllocator,
        delegate* unmanaged<long, LuaBudget*> newBudget,
        delegate* unmanaged<LuaBudget*, void> freeBudget,
        delegate* unmanaged<IntPtr, void> prepare,
        delegate* unmanaged<IntPtr, byte*, int, int, void> shape,
        delegate* unmanaged<IntPtr, LuaBudget*, int, int, byte*, int, int, int*, int> callEvent,
        delegate* unmanaged<IntPtr, int, int> eventTable,
        delegate* unmanaged[SuppressGCTransition]<long> clock)
    {
        /// <summary>
        /// Milliseconds of the coarse monotonic clock (a few milliseconds of resolution): what script calls are
        /// timed with. Called without a GC transition, for it only reads the clock.
        /// </summary>
        public long Clock() => clock();

        /// <summary>A new memory account with this limit (in native memory, with the allocator's pools); throws when there is no memory.</summary>
        public LuaBudget* NewBudget(long limit)
        {
            var budget = newBudget(limit);
            if (budget is null) throw new OutOfMemoryException("no memory for a Lua script's memory account");
            return budget;
        }

        /// <summary>Frees <paramref name="budget"/> and its pools: only after the state that used it is closed.</summary>
        public void FreeBudget(LuaBudget* budget) => freeBudget(budget);

        /// <summary>The helper's allocator called directly: for the delegate that serves while Lua makes a state.</summary>
        public IntPtr Allocate(IntPtr budget, IntPtr pointer, UIntPtr oldSize, UIntPtr newSize) => allocate(budget, pointer, oldSize, newSize);

        /// <summary>Makes <paramref name="state"/> allocate through the helper, counting against <paramref name="budget"/>.</summary>
        public void UseBudget(IntPtr state, LuaBudget* budget) => setAllocator(state, allocate, (IntPtr)budget);

        /// <summary>
        /// Gives <paramref name="state"/> the base functions that take an event for the table it stands for
        /// (type, rawget, rawset, rawlen, next): after the standard libraries, before any script code.
        /// </summary>
        public void PrepareEvents(IntPtr state, LuaBudget* budget)
        {
            budget->HostDepth++;
            prepare(state);
            budget->HostDepth--;
        }

        /// <summary>
        /// Pushes a new metatable for events whose fields are <paramref name="keys"/> (each a byte count and
        /// UTF-8 bytes), <paramref name="count"/> of them. Host work: the caller counts it as such.
        /// </summary>
        public void PushShape(IntPtr state, ReadOnlySpan<byte> keys, int count)
        {
            fixed (byte* bytes = keys)
            {
                shape(state, bytes, keys.Length, count);
            }
        }

        /// <summary>
        /// Calls the handler at registry[<paramref name="function"/>] with a new event of the metatable at
        /// registry[<paramref name="metatable"/>] holding <paramref name="packed"/>; Lua's status, and in
        /// <paramref name="result"/> what the handler returned (only <see cref="HandlerResult.Value"/> is left on the stack).
        /// </summary>
        public int CallEvent(IntPtr state, LuaBudget* budget, int function, int metatable, ReadOnlySpan<byte> packed, int count, out HandlerResult result)
        {
            int returned = 0;
            int status;
            fixed (byte* bytes = packed)
            {
                status = callEvent(state, budget, function, metatable, bytes, packed.Length, count, &returned);
            }
            result = (HandlerResult)returned;
            return status;
        }

        /// <summary>Pushes the whole table of the event at <paramref name="index"/> and returns true; false (nothing pushed) when it holds no event.</summary>
        public bool PushEventTable(IntPtr state, int index) => eventTable(state, index) != 0;
    }

    /// <summary>What an event handler returned (rustirc_lua.c's RESULT_*).</summary>
    internal enum HandlerResult
    {
        Nil,
        False,
        True,
        Value,
    }
}

/// <summary>
/// The first fields of a script's memory account, in native memory where the native allocator reads it
/// (rustirc_lua.c's <c>budget</c>, made by the helper: its pools follow these fields).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LuaBudget
{
    /// <summary>Bytes the state holds now.</summary>
    public long Used;

    /// <summary>Bytes the script may hold.</summary>
    public long Limit;

    /// <summary>Above zero while host code pushes values: never refused then, since a refusal would unwind through .NET frames.</summary>
    public int HostDepth;

    /// <summary>1 after a refused allocation until one succeeds; 2 once Lua's retry after its emergency collection was refused too (out of memory for good).</summary>
    public int Refused;

    /// <summary>Calls of the script under way; the limits and the time are those of the outermost one.</summary>
    public int Running;

    /// <summary>Not 0 once the hook found a limit passed in this call.</summary>
    public int Exceeded;

    /// <summary>Thousands of instructions run in this call.</summary>
    public long Ticks;

    /// <summary>When the outermost call started (coarse milliseconds, <see cref="LuaNative.Functions.Clock"/>).</summary>
    public long Started;

    /// <summary>Milliseconds the script's calls took so far.</summary>
    public long Cpu;
}
