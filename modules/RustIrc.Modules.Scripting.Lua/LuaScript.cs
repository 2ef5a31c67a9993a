using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using KeraLua;
using RustIrc.Modules.Scripting;

namespace RustIrc.Modules.Scripting.Lua;

/// <summary>
/// One script's own Lua 5.4 state: memory counted by our allocator, instructions and time by a count
/// hook, the API bound as plain Lua functions (a script never sees a .NET object), and values converted
/// to and from the core's plain values. Used from the client loop only.
/// </summary>
/// <remarks>
/// Lua reports errors with longjmp, which must never cross a .NET frame. So host functions never raise:
/// they return a status the Lua-side wrappers turn into errors; the allocator lets host code overdraw the
/// memory limit a little so pushing a result cannot fail; and the hook that enforces limits is a Lua
/// function that asks the host and raises in Lua.
/// </remarks>
internal sealed unsafe partial class LuaScript : IScriptInstance
{
    private const int MaxTableDepth = 32;
    // Stack slots converting a table takes per level of nesting (key, value, an event's table and what the
    // helper pushes to make it), and what the deepest level needs on top: reserved before a table is
    // converted, since a coroutine's stack starts with about 45 slots and a C function is promised 20.
    private const int SlotsPerLevel = 3;
    private const int SlotsAtTheBottom = 16;
    // Lua's LUA_NOREF: no registry reference.
    private const int NoReference = -2;

    private readonly KeraLua.Lua _lua;
    private readonly ScriptLimits _limits;
    private readonly LuaNative.Functions _native;
    // The memory account the native allocator keeps; freed after the state is closed.
    private readonly LuaBudget* _budget;
    // Native code holds pointers to these delegates: they must live as long as the state.
    private readonly List<LuaFunction> _functions = [];
    // The thread (main state or a coroutine) whose stack host code works on right now: a C function gets
    // the calling coroutine's state, and must push its results there, not onto the main thread.
    private KeraLua.Lua _current;
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    // An event packed for the native helper (see PackEvent); reused from call to call.
    private byte[] _packed = new byte[512];
    private int _packedLength;
    private int _converted;
    // Why the current call must stop, valid while the budget's Exceeded is set (see Tick).
    private string? _exceeded;
    // The time the script's calls took, kept here once the budget is freed.
    private long _cpuAfterDispose;
    private bool _disposed;

    public LuaScript(ScriptApi api, ScriptLimits limits, LuaNative.Functions native)
    {
        _limits = limits;
        _native = native;
        _budget = _native.NewBudget(limits.MemoryBytes);
        // A bare state, all of whose memory comes from the helper's counting allocator, from its very first
        // block (the allocator's pools must only ever see their own blocks): through a delegate while Lua
        // makes the state, then directly.
        _budget->HostDepth++;
        LuaAlloc creating = (data, pointer, oldSize, newSize) => _native.Allocate(data, pointer, oldSize, newSize);
        _lua = new KeraLua.Lua(creating, (IntPtr)_budget) { Encoding = Encoding.UTF8 };
        _native.UseBudget(_lua.Handle, _budget);
        GC.KeepAlive(creating);
        _budget->HostDepth--;
        _current = _lua;
        _lua.OpenLibs();
        _native.PrepareEvents(_lua.Handle, _budget);

        _lua.NewTable();
        foreach (var (name, function) in api.Functions)
        {
            LuaFunction bound = state => OnThread(state, () => CallHost(name, function));
            _functions.Add(bound);
            _lua.PushCFunction(bound);
            _lua.SetField(-2, name);
        }
        _lua.SetGlobal("__host");
        Register("__tick", () => Tick());
        Register("__over", () => Exceeded);
        Run(LuaSandbox.Prelude, "=sandbox");
    }

    public long MemoryBytes => _disposed ? 0 : _budget->Used;

    // Time is read from the coarse clock (LuaNative.Functions.Clock, a few milliseconds of resolution): the
    // precise one cost two readings of ~20 ns per call, a tenth of an event's dispatch. The deadline is
    // seconds away, so a few milliseconds do not matter; and summed over many calls the coarse differences
    // are the real time on average, since a call is as likely to straddle a tick as its length makes it.
    public TimeSpan CpuTime => new((_disposed ? _cpuAfterDispose : _budget->Cpu) * TimeSpan.TicksPerMillisecond);

    public bool IsRunning => !_disposed && _budget->Running > 0;

    private string? Exceeded => _budget->Exceeded != 0 ? _exceeded : null;

    // A file's chunk is named "@path" and typed code "=eval": Lua's own way of saying where an error is.
    public ScriptMetadata? Load(string source, string path) => ScriptMetadata.FromMap(Run(source, "@" + path));

    // Every value, as Lua's own prompt shows them: "return nil, 'boom'" is how Lua code reports an error.
    public IReadOnlyList<object?> Evaluate(string code)
    {
        var top = _lua.GetTop();
        Compile(code, "=eval");
        var status = ProtectedCall(0, -1); // LUA_MULTRET
        try
        {
            if (status != LuaStatus.OK) throw Failure(status);
            return Enumerable.Range(top + 1, _lua.GetTop() - top).Select(ValueAt).ToArray();
        }
        finally
        {
            _lua.SetTop(top);
        }
    }

    private object? Run(string source, string chunkName)
    {
        Compile(source, chunkName);
        return Protected(0);
    }

    /// <summary>Pushes <paramref name="source"/> compiled as a function named <paramref name="chunkName"/>.</summary>
    private void Compile(string source, string chunkName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (source.StartsWith('\x1b')) throw new ScriptException("precompiled Lua (bytecode) is not accepted; load the source file");
        var status = _lua.LoadBuffer(Encoding.UTF8.GetBytes(source), chunkName, "t");
        if (status != LuaStatus.OK) throw Failure(status);
    }

    public object? Call(ScriptFunction function, params object?[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (function is not LuaFunctionReference reference || !ReferenceEquals(reference.Owner, this))
        {
            throw new ScriptException("that function belongs to another script");
        }
        var top = _lua.GetTop();
        _lua.RawGetInteger(LuaRegistry.Index, reference.Reference);
        _budget->HostDepth++;
        var previous = _current;
        _current = _lua;
        try
        {
            foreach (var argument in arguments)
            {
                if (!_lua.CheckStack(2) || !RoomFor(argument))
                {
                    _lua.SetTop(top);
                    throw new ScriptException("the call's arguments do not fit on the script's Lua stack");
                }
                Push(argument, 0);
            }
        }
        finally
        {
            _budget->HostDepth--;
            _current = previous;
        }
        return Protected(arguments.Length);
    }

    public object? CallEvent(ScriptFunction function, ScriptEventTable table)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (function is not LuaFunctionReference reference || !ReferenceEquals(reference.Owner, this))
        {
            throw new ScriptException("that function belongs to another script");
        }
        // The most frequent call by far: the event is packed, then made and handled in one native call. An
        // event with a value the packing does not know goes as an ordinary table.
        return PackEvent(table) ? CallEvent(reference.Reference, table.Shape) : Call(function, table);
    }

    public ScriptFunction? FindFunction(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // A raw read of the state's own globals table (registry[LUA_RIDX_GLOBALS]): no metamethod of the
        // script's can run, whatever it did to _G.
        _budget->HostDepth++;
        try
        {
            _lua.RawGetInteger(LuaRegistry.Index, 2);
            _lua.PushString(name);
            _lua.RawGet(-2);
            if (_lua.Type(-1) != LuaType.Function)
            {
                _lua.Pop(2);
                return null;
            }
            var function = new LuaFunctionReference(this, _lua.Ref(LuaRegistry.Index));
            _lua.Pop(1);
            return function;
        }
        finally
        {
            _budget->HostDepth--;
        }
    }

    /// <summary>Calls what is on the stack with a fresh budget and converts the first result.</summary>
    private object? Protected(int argumentCount) => Result(ProtectedCall(argumentCount, 1));

    /// <summary>Calls the function below its arguments within the script's limits (Enter, Leave).</summary>
    private LuaStatus ProtectedCall(int argumentCount, int results)
    {
        Enter();
        try
        {
            return _lua.PCall(argumentCount, results, 0);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Calls a handler with the event packed in <see cref="_packed"/>, through the native helper.</summary>
    private object? CallEvent(int function, ScriptEventShape shape)
    {
        var metatable = ShapeMetatable(shape);
        // The helper starts and ends the call's limits itself (as Enter and Leave do).
        var status = _native.CallEvent(_lua.Handle, _budget, function, metatable, _packed.AsSpan(0, _packedLength), shape.Count, out var result);
        if (status < 0) throw new ScriptException("the event could not be handed to the script: no room left on its Lua stack");
        if (status != 0) throw Failure((LuaStatus)status);
        // Most handlers return nothing, or true to eat the event: the helper says which without a value to convert.
        return result switch
        {
            LuaNative.HandlerResult.Nil => null,
            LuaNative.HandlerResult.False => False,
            LuaNative.HandlerResult.True => True,
            _ => Result(LuaStatus.OK),
        };
    }

    private static readonly object True = true, False = false;

    private void Enter()
    {
        // A call made while the script is already running (its print reaching its own display modifier)
        // goes on the outer call's budget: re-entering must not refill it. (Events are called by the helper,
        // which does the same.)
        if (_budget->Running++ == 0)
        {
            _budget->Ticks = 0;
            _budget->Exceeded = 0;
            _budget->Refused = 0;
            _budget->Started = _native.Clock();
        }
    }

    private void Leave()
    {
        if (--_budget->Running == 0) _budget->Cpu += _native.Clock() - _budget->Started;
    }

    /// <summary>Converts and pops the first result of a call that ended with <paramref name="status"/>.</summary>
    private object? Result(LuaStatus status)
    {
        if (status != LuaStatus.OK) throw Failure(status);
        try
        {
            return ValueAt(-1);
        }
        finally
        {
            _lua.Pop(1);
        }
    }

    /// <summary>The value at <paramref name="index"/> of the stack, converted as the host would receive it.</summary>
    private object? ValueAt(int index)
    {
        _budget->HostDepth++;
        var outer = _current;
        _current = _lua;
        try
        {
            return ToValue(index, 0);
        }
        catch (ScriptApiException ex)
        {
            throw new ScriptException(ex.Message);
        }
        finally
        {
            _budget->HostDepth--;
            _current = outer;
        }
    }

    private ScriptException Failure(LuaStatus status)
    {
        var message = _lua.Type(-1) == LuaType.String || _lua.Type(-1) == LuaType.Number
            ? _lua.ToString(-1, false)!
            : $"(an error object of type {_lua.TypeName(_lua.Type(-1))})"; // never call its __tostring: it is script code
        _lua.Pop(1);
        if (Exceeded is { } limit) return new ScriptException(limit, limitExceeded: true);
        // Lua's memory error may arrive re-raised (through pcall's wrapper) as an ordinary runtime error.
        if (status == LuaStatus.ErrMem || message.EndsWith("not enough memory", StringComparison.Ordinal))
        {
            return new ScriptException(_limits.MemoryReached, limitExceeded: true);
        }
        return new ScriptException(message);
    }

    /// <summary>Counts 1000 instructions; returns why the script must stop, or null.</summary>
    private string? Tick()
    {
        if (Exceeded is { } reason) return reason;
        _budget->Ticks++;
        // Out of memory even after Lua's emergency collection: the error was raised in Lua, where pcall
        // could catch it; from here on the script stops like it would for the other limits.
        // Memory is counted by the allocator, which refuses past the limit; the core decides the rest.
        _exceeded = _budget->Refused > 1 ? _limits.MemoryReached : _limits.Exceeded(0, _budget->Ticks * 1000, _native.Clock() - _budget->Started);
        if (_exceeded is null) return null;
        _budget->Exceeded = 1;
        return _exceeded;
    }

    private void Register(string name, Func<string?> function)
    {
        LuaFunction bound = state => OnThread(state, () =>
        {
            var result = function();
            if (result is null) L.PushNil();
            else L.PushString(result);
            return 1;
        });
        _functions.Add(bound);
        L.PushCFunction(bound);
        L.SetGlobal(name);
    }

    private KeraLua.Lua L => _current;

    /// <summary>Runs host code on the stack of the thread that called it.</summary>
    private int OnThread(IntPtr state, Func<int> body)
    {
        var previous = _current;
        _current = state == _lua.Handle ? _lua : KeraLua.Lua.FromIntPtr(state)!;
        _current.Encoding = Encoding.UTF8;
        try
        {
            return body();
        }
        finally
        {
            _current = previous;
        }
    }

    /// <summary>A host function as Lua calls it: arguments in, status and results out, never an error raised.</summary>
    private int CallHost(string name, ScriptApiCall function)
    {
        _budget->HostDepth++;
        try
        {
            object? result;
            try
            {
                // Nothing may escape from here: an exception crossing Lua's C frames would take the process.
                var count = L.GetTop();
                var arguments = new object?[count];
                for (var i = 0; i < count; i++) arguments[i] = ToValue(i + 1, 0);
                result = function(arguments);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Refuse(ex.Message);
            }
            if (!RoomFor(result)) return Refuse($"irc.{name}: no room on the Lua stack for its result");
            L.PushBoolean(true);
            Push(result, 0);
            return 2;
        }
        finally
        {
            _budget->HostDepth--;
        }
    }

    /// <summary>A host function's failure as Lua gets it: false and the message (the sandbox's wrapper raises it).</summary>
    private int Refuse(string message)
    {
        L.PushBoolean(false);
        L.PushString(message);
        return 2;
    }

    private object? ToValue(int index, int depth)
    {
        switch (L.Type(index))
        {
            case LuaType.Nil or LuaType.None:
                return null;
            case LuaType.Boolean:
                return L.ToBoolean(index);
            case LuaType.Number:
                return L.IsInteger(index) ? L.ToInteger(index) : (object)L.ToNumber(index); // integers stay integers
            case LuaType.String:
                return L.ToString(index, false);
            case LuaType.Function:
                L.PushCopy(index);
                return new LuaFunctionReference(this, L.Ref(LuaRegistry.Index));
            case LuaType.Table when depth < MaxTableDepth:
                return ToTable(index, depth);
            case LuaType.UserData when depth < MaxTableDepth && _native.PushEventTable(L.Handle, index):
                // An event: the table it stands for.
                try
                {
                    return ToTable(-1, depth);
                }
                finally
                {
                    L.Pop(1);
                }
            default:
                return null;
        }
    }

    private ScriptTable ToTable(int index, int depth)
    {
        if (depth > 0) return ConvertTable(index, depth);
        // Shared subtables would be converted again at every reference: bound the whole conversion.
        _converted = 0;
        var top = L.GetTop();
        try
        {
            return ConvertTable(index, 0);
        }
        catch (ScriptApiException)
        {
            L.SetTop(top); // what the levels above had pushed when it gave up
            throw;
        }
    }

    private ScriptTable ConvertTable(int index, int depth)
    {
        if (!L.CheckStack(SlotsPerLevel + SlotsAtTheBottom))
        {
            throw new ScriptApiException("a table passed to the client is nested too deeply for the Lua stack");
        }
        if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
        var table = new ScriptTable();
        var absolute = L.AbsIndex(index);
        var length = L.RawLen(absolute);
        for (long i = 1; i <= length; i++)
        {
            L.RawGetInteger(absolute, i);
            if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
            table.Array.Add(ToValue(-1, depth + 1));
            L.Pop(1);
        }
        L.PushNil();
        while (L.Next(absolute))
        {
            if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
            if (L.Type(-2) == LuaType.String) table.Fields[L.ToString(-2, false)!] = ToValue(-1, depth + 1);
            L.Pop(1);
        }
        return table;
    }

    /// <summary>
    /// Makes room on the current thread's stack for pushing <paramref name="value"/> (a nested table takes a
    /// few slots per level); false when the stack cannot grow that far.
    /// </summary>
    private bool RoomFor(object? value) =>
        value is null or bool or long or int or double or string || L.CheckStack(MaxTableDepth * SlotsPerLevel + SlotsAtTheBottom);

    private void Push(object? value, int depth)
    {
        switch (value)
        {
            case null:
                L.PushNil();
                break;
            case bool b:
                L.PushBoolean(b);
                break;
            case long or int:
                L.PushInteger(Convert.ToInt64(value));
                break;
            case double d:
                L.PushNumber(d);
                break;
            case string s:
                PushText(s);
                break;
            case LuaFunctionReference f when ReferenceEquals(f.Owner, this):
                L.RawGetInteger(LuaRegistry.Index, f.Reference);
                break;
            case ScriptEventTable e:
                L.CreateTable(0, e.Shape.Count);
                for (var i = 0; i < e.Shape.Count; i++) SetField(e.Shape.Keys[i], e.Values[i], depth);
                break;
            case ScriptTable t when depth < MaxTableDepth:
                L.CreateTable(t.Array.Count, t.Fields.Count);
                for (var i = 0; i < t.Array.Count; i++)
                {
                    Push(t.Array[i], depth + 1);
                    L.RawSetInteger(-2, i + 1);
                }
                foreach (var (key, item) in t.Fields) SetField(key, item, depth);
                break;
            case IReadOnlyDictionary<string, string> tags when depth < MaxTableDepth:
                L.CreateTable(0, tags.Count);
                foreach (var (key, item) in tags) SetField(key, item, depth);
                break;
            case IReadOnlyList<string> list when depth < MaxTableDepth:
                L.CreateTable(list.Count, 0);
                for (var i = 0; i < list.Count; i++)
                {
                    PushText(list[i]);
                    L.RawSetInteger(-2, i + 1);
                }
                break;
            default:
                // The value model has nothing else (the core checks what API functions return), and tables
                // nested past MaxTableDepth end here: never a .NET object.
                L.PushNil();
                break;
        }
    }

    private void SetField(string key, object? value, int depth)
    {
        PushKey(key);
        Push(value, depth + 1);
        L.RawSet(-3);
    }

    /// <summary>Pushes a string, encoding short ones on the stack rather than into a new array each time.</summary>
    private void PushText(string text)
    {
        if (text.Length > 1024)
        {
            L.PushString(text);
            return;
        }
        Span<byte> utf8 = stackalloc byte[text.Length * 3];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        unsafe
        {
            fixed (byte* bytes = utf8)
            {
                PushBytes(L.Handle, bytes, (nuint)length);
            }
        }
    }

    // The same liblua54 KeraLua loaded; lua_pushlstring copies the bytes into a Lua string.
    [LibraryImport("lua54", EntryPoint = "lua_pushlstring")]
    private static unsafe partial IntPtr PushBytes(IntPtr state, byte* bytes, nuint length);

    /// <summary>Pushes a table key, as a kept Lua string when it is one of the few every event uses.</summary>
    private void PushKey(string key)
    {
        var reference = KeyReference(key);
        if (reference == NoReference) L.PushString(key);
        else L.RawGetInteger(LuaRegistry.Index, reference);
    }

    /// <summary>
    /// The registry reference of <paramref name="key"/> made into a Lua string. The same few keys (server,
    /// nick, text…) go into every event table, so each is made once and kept, instead of being encoded again
    /// every time; past 256 keys none is kept (<see cref="NoReference"/>).
    /// </summary>
    private int KeyReference(string key)
    {
        if (_keys.TryGetValue(key, out var reference)) return reference;
        if (_keys.Count >= 256) return NoReference;
        _budget->HostDepth++;
        try
        {
            _lua.PushString(key);
            return _keys[key] = _lua.Ref(LuaRegistry.Index);
        }
        finally
        {
            _budget->HostDepth--;
        }
    }

    // The packed event the native helper reads (rustirc_lua.c): a uint32 offset per field, then each value:
    // a type byte, then nothing (nil, booleans), an int64, a double, a string (see PackString), or a map
    // or list of strings (int32 count, then the strings).
    private const byte PackedNil = 0, PackedFalse = 1, PackedTrue = 2, PackedInteger = 3, PackedNumber = 4, PackedString = 5, PackedMap = 6, PackedList = 7;

    // Each shape's event metatable (a registry reference, 0 until the first event of that shape): indexed by ScriptEventShape.Id.
    private int[] _shapeMetatables = [];

    /// <summary>Packs <paramref name="table"/> into <see cref="_packed"/>; false when a value has a shape the helper does not know.</summary>
    private bool PackEvent(ScriptEventTable table)
    {
        while (true)
        {
            var packed = TryPack(table.Values, _packed);
            if (packed > 0)
            {
                _packedLength = packed;
                return true;
            }
            if (packed == 0) return false;
            // It did not fit: a bigger buffer, then again (rare: the buffer keeps its largest size).
            _packed = new byte[_packed.Length * 2];
        }
    }

    /// <summary>The length of <paramref name="values"/> packed into <paramref name="buffer"/>; 0 when a value cannot be packed, -1 when they do not fit.</summary>
    private static int TryPack(ReadOnlySpan<object?> values, byte[] buffer)
    {
        fixed (byte* start = buffer)
        {
            var end = start + buffer.Length;
            var at = start + values.Length * 4;
            for (var i = 0; i < values.Length; i++)
            {
                // The most a value other than a string or a collection takes.
                if (end - at < 9) return -1;
                Unsafe.WriteUnaligned(start + i * 4, (int)(at - start));
                // Most values are strings: test for them first.
                var value = values[i];
                if (value is string text)
                {
                    *at++ = PackedString;
                    if ((at = PackString(at, end, text)) is null) return -1;
                    continue;
                }
                switch (value)
                {
                    case null:
                        *at++ = PackedNil;
                        break;
                    case bool b:
                        *at++ = b ? PackedTrue : PackedFalse;
                        break;
                    case double d:
                        *at++ = PackedNumber;
                        Unsafe.WriteUnaligned(at, d);
                        at += 8;
                        break;
                    case long or int:
                        *at++ = PackedInteger;
                        Unsafe.WriteUnaligned(at, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        at += 8;
                        break;
                    case IReadOnlyDictionary<string, string> map:
                        *at++ = PackedMap;
                        Unsafe.WriteUnaligned(at, map.Count);
                        at += 4;
                        if (map.Count == 0) break; // most lines have no tags: no enumerator for them
                        foreach (var (name, tag) in map)
                        {
                            if ((at = PackString(at, end, name)) is null || (at = PackString(at, end, tag)) is null) return -1;
                        }
                        break;
                    case IReadOnlyList<string> list:
                        *at++ = PackedList;
                        Unsafe.WriteUnaligned(at, list.Count);
                        at += 4;
                        for (var j = 0; j < list.Count; j++)
                        {
                            if ((at = PackString(at, end, list[j])) is null) return -1;
                        }
                        break;
                    default:
                        return 0;
                }
            }
            return (int)(at - start);
        }
    }

    /// <summary>
    /// Writes a string at <paramref name="at"/> and returns where it ends, or null when it would go past
    /// <paramref name="end"/>: an int32 of its length times two, plus one when it is wide, then its
    /// characters: one byte each when all are ASCII (most of IRC: names, and most text), else its UTF-16
    /// units as they are (this process's byte order), made UTF-8 by the helper only if a script reads it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* PackString(byte* at, byte* end, string text)
    {
        var length = text.Length;
        if (end - at < 4 + (long)length * 2) return null;
        fixed (char* characters = text)
        {
            // The vectorized narrowing of .NET pays for long strings; short ones (most names) are done here.
            var ascii = length < 64
                ? NarrowShort(characters, at + 4, length)
                : Ascii.FromUtf16(new ReadOnlySpan<char>(characters, length), new Span<byte>(at + 4, length), out _) == OperationStatus.Done;
            if (ascii)
            {
                Unsafe.WriteUnaligned(at, length << 1);
                return at + 4 + length;
            }
            Buffer.MemoryCopy(characters, at + 4, length * 2, length * 2);
            Unsafe.WriteUnaligned(at, length << 1 | 1);
            return at + 4 + length * 2;
        }
    }

    /// <summary>Copies <paramref name="length"/> characters to one byte each; false (having written some) at the first that is not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowShort(char* characters, byte* bytes, int length)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Eight characters at a time: none above 0x7F, then each one's low byte.
            var notAscii = Vector128.Create((ushort)0xFF80);
            for (; i + 8 <= length; i += 8)
            {
                var units = Vector128.Load((ushort*)characters + i);
                if ((units & notAscii) != Vector128<ushort>.Zero) return false;
                Vector128.Narrow(units, units).GetLower().Store(bytes + i);
            }
        }
        for (; i < length; i++)
        {
            var c = characters[i];
            if (c > 0x7F) return false;
            bytes[i] = (byte)c;
        }
        return true;
    }

    /// <summary>The registry reference of the metatable for events of <paramref name="shape"/>, made on first use.</summary>
    private int ShapeMetatable(ScriptEventShape shape)
    {
        if (shape.Id < _shapeMetatables.Length && _shapeMetatables[shape.Id] != 0) return _shapeMetatables[shape.Id];
        if (shape.Id >= _shapeMetatables.Length) Array.Resize(ref _shapeMetatables, shape.Id + 16);
        var keys = new List<byte>();
        foreach (var key in shape.Keys)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            if (bytes.Length > byte.MaxValue) throw new ArgumentException($"event field name '{key}' is too long", nameof(shape));
            keys.Add((byte)bytes.Length);
            keys.AddRange(bytes);
        }
        _budget->HostDepth++;
        try
        {
            _native.PushShape(_lua.Handle, keys.ToArray(), shape.Count);
            return _shapeMetatables[shape.Id] = _lua.Ref(LuaRegistry.Index);
        }
        finally
        {
            _budget->HostDepth--;
        }
    }

    internal void Release(int reference)
    {
        if (!_disposed) _lua.Unref(LuaRegistry.Index, reference);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _lua.Close();
        _cpuAfterDispose = _budget->Cpu;
        _native.FreeBudget(_budget);
        _functions.Clear();
    }

    /// <summary>A Lua function kept in the state's registry for the host.</summary>
    private sealed class LuaFunctionReference(LuaScript owner, int reference) : ScriptFunction
    {
        public LuaScript Owner { get; } = owner;

        public int Reference { get; } = reference;

        public override void Release() => Owner.Release(Reference);
    }
}
