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
    private const int Abi = 3;

    // The Lua functions the helper calls, in the order of its table (rustirc_lua.c, rustirc_lua_init).
    private static readonly string[] LuaFunctions =
    [
        "lua_createtable", "lua_pushlstring", "lua_pushinteger", "lua_pushnumber", "lua_pushboolean", "lua_pushnil",
        "lua_rawset", "lua_rawseti", "lua_rawgeti", "lua_pcallk", "lua_gettop", "lua_settop", "lua_checkstack",
        "lua_rawget", "lua_rawgetp", "lua_rawsetp", "lua_setmetatable", "lua_newuserdatauv", "lua_touserdata", "lua_rawlen",
        "lua_tolstring", "lua_type", "lua_pushcclosure", "lua_setfield", "lua_getglobal", "lua_pushvalue", "lua_absindex",
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
        var path = Path.Combine(directory, LibraryFile);
        if (!File.Exists(path))
        {
            throw new ScriptException($"the Lua engine's native helper {path} is missing; rebuild the lua module (its build compiles native/rustirc_lua.c with gcc)");
        }
        var helper = NativeLibrary.Load(path);
        var abi = (delegate* unmanaged<int>)NativeLibrary.GetExport(helper, "rustirc_lua_abi");
        if (abi() != Abi) throw new ScriptException($"the Lua engine's native helper {path} is from another version (ABI {abi()}, expected {Abi}); rebuild the lua module");

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
            (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(helper, "rustirc_lua_prepare"),
            (delegate* unmanaged<IntPtr, LuaBudget*, int, byte*, int, int>)NativeLibrary.GetExport(helper, "rustirc_lua_call_event"),
            (delegate* unmanaged<IntPtr, int, void>)NativeLibrary.GetExport(helper, "rustirc_lua_fill_event"));
    }

    /// <summary>The helper's entry points, and Lua's lua_setallocf (which KeraLua offers for delegates only).</summary>
    internal sealed class Functions(
        delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr> allocate,
        delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, IntPtr, UIntPtr, UIntPtr, IntPtr>, IntPtr, void> setAllocator,
        delegate* unmanaged<IntPtr, void> prepare,
        delegate* unmanaged<IntPtr, LuaBudget*, int, byte*, int, int> callEvent,
        delegate* unmanaged<IntPtr, int, void> fillEvent)
    {
        /// <summary>Makes <paramref name="state"/> allocate through the helper, counting against <paramref name="budget"/>.</summary>
        public void UseBudget(IntPtr state, LuaBudget* budget) => setAllocator(state, allocate, (IntPtr)budget);

        /// <summary>Gives <paramref name="state"/> the event tables' metatable: after the standard libraries, before any script code.</summary>
        public void PrepareEvents(IntPtr state, LuaBudget* budget)
        {
            budget->HostDepth++;
            prepare(state);
            budget->HostDepth--;
        }

        /// <summary>Calls the handler at registry[<paramref name="function"/>] with a new event table of <paramref name="packed"/>; Lua's status.</summary>
        public int CallEvent(IntPtr state, LuaBudget* budget, int function, ReadOnlySpan<byte> packed)
        {
            fixed (byte* bytes = packed)
            {
                return callEvent(state, budget, function, bytes, packed.Length);
            }
        }

        /// <summary>Fills in every field of the event table at <paramref name="index"/> (other tables are left alone), so lua_next sees them.</summary>
        public void FillEvent(IntPtr state, int index) => fillEvent(state, index);
    }
}

/// <summary>A script's memory account, in native memory where the native allocator reads it (rustirc_lua.c's <c>budget</c>).</summary>
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
}
