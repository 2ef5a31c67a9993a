using System.Diagnostics;
using System.Runtime.InteropServices;
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
internal sealed partial class LuaScript : IScriptInstance
{
    private const int MaxTableDepth = 32;

    private readonly KeraLua.Lua _lua;
    private readonly ScriptLimits _limits;
    // Native code holds pointers to these delegates: they must live as long as the state.
    private readonly LuaAlloc _allocator;
    private readonly List<LuaFunction> _functions = [];
    private readonly Stopwatch _cpu = new();
    // The thread (main state or a coroutine) whose stack host code works on right now: a C function gets
    // the calling coroutine's state, and must push its results there, not onto the main thread.
    private KeraLua.Lua _current;
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private long _used;
    private int _hostDepth;
    private long _ticks;
    private int _running;
    private int _converted;
    private long _deadline;
    private string? _exceeded;
    private bool _disposed;

    public LuaScript(ScriptApi api, ScriptLimits limits)
    {
        _limits = limits;
        _allocator = Allocate;
        _lua = new KeraLua.Lua(_allocator, IntPtr.Zero) { Encoding = Encoding.UTF8 };
        _current = _lua;
        _lua.OpenLibs();

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
        Register("__over", () => _exceeded);
        Run(LuaSandbox.Prelude, "=sandbox");
    }

    public long MemoryBytes => _used;

    public TimeSpan CpuTime => _cpu.Elapsed;

    public bool IsRunning => _running > 0;

    public object? Run(string source, string chunkName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (source.StartsWith('\x1b')) throw new ScriptException("precompiled Lua (bytecode) is not accepted; load the source file");
        var status = _lua.LoadBuffer(Encoding.UTF8.GetBytes(source), chunkName, "t");
        if (status != LuaStatus.OK) throw Failure(status);
        return Protected(0);
    }

    public object? Call(ScriptFunction function, params object?[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (function is not LuaFunctionReference reference || !ReferenceEquals(reference.Owner, this))
        {
            throw new ScriptException("that function belongs to another script");
        }
        _lua.RawGetInteger(LuaRegistry.Index, reference.Reference);
        _hostDepth++;
        var previous = _current;
        _current = _lua;
        try
        {
            foreach (var argument in arguments) Push(argument, 0);
        }
        finally
        {
            _hostDepth--;
            _current = previous;
        }
        return Protected(arguments.Length);
    }

    /// <summary>Calls what is on the stack with a fresh budget and converts the first result.</summary>
    private object? Protected(int argumentCount)
    {
        // A call made while the script is already running (its print reaching its own display modifier)
        // goes on the outer call's budget: re-entering must not refill it.
        if (_running++ == 0)
        {
            _ticks = 0;
            _exceeded = null;
            _deadline = Stopwatch.GetTimestamp() + (long)(_limits.TimePerCall.TotalSeconds * Stopwatch.Frequency);
            _cpu.Start();
        }
        LuaStatus status;
        try
        {
            status = _lua.PCall(argumentCount, 1, 0);
        }
        finally
        {
            if (--_running == 0) _cpu.Stop();
        }
        if (status != LuaStatus.OK) throw Failure(status);
        _hostDepth++;
        var outer = _current;
        _current = _lua;
        try
        {
            return ToValue(-1, 0);
        }
        catch (ScriptApiException ex)
        {
            throw new ScriptException(ex.Message);
        }
        finally
        {
            _hostDepth--;
            _current = outer;
            _lua.Pop(1);
        }
    }

    private ScriptException Failure(LuaStatus status)
    {
        var message = _lua.Type(-1) == LuaType.String || _lua.Type(-1) == LuaType.Number
            ? _lua.ToString(-1, false)!
            : $"(an error object of type {_lua.TypeName(_lua.Type(-1))})"; // never call its __tostring: it is script code
        _lua.Pop(1);
        if (_exceeded is { } limit) return new ScriptException(limit, limitExceeded: true);
        // Lua's memory error may arrive re-raised (through pcall's wrapper) as an ordinary runtime error.
        if (status == LuaStatus.ErrMem || message.EndsWith("not enough memory", StringComparison.Ordinal))
        {
            return new ScriptException($"memory limit of {_limits.MemoryBytes >> 20} MB reached", limitExceeded: true);
        }
        return new ScriptException(message);
    }

    /// <summary>Counts 1000 instructions; returns why the script must stop, or null.</summary>
    private string? Tick()
    {
        if (_exceeded is not null) return _exceeded;
        _ticks++;
        if (_ticks * 1000 > _limits.InstructionsPerCall)
        {
            _exceeded = $"instruction limit of {_limits.InstructionsPerCall:N0} per call reached (an endless loop?)";
        }
        else if (Stopwatch.GetTimestamp() > _deadline)
        {
            _exceeded = $"time limit of {_limits.TimePerCall.TotalMilliseconds:0} ms per call reached";
        }
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
    private int CallHost(string name, ScriptApiFunction function)
    {
        _hostDepth++;
        try
        {
            object? result;
            try
            {
                // Nothing may escape from here: an exception crossing Lua's C frames would take the process.
                var count = L.GetTop();
                var arguments = new object?[count];
                for (var i = 0; i < count; i++) arguments[i] = ToValue(i + 1, 0);
                result = function(new ScriptArguments(name, arguments));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                L.PushBoolean(false);
                L.PushString(ex.Message);
                return 2;
            }
            L.PushBoolean(true);
            Push(result, 0);
            return 2;
        }
        finally
        {
            _hostDepth--;
        }
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
            default:
                return null;
        }
    }

    private ScriptTable ToTable(int index, int depth)
    {
        // Shared subtables would be converted again at every reference: bound the whole conversion.
        if (depth == 0) _converted = 0;
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
            if (++_converted > 100_000)
            {
                L.Pop(2);
                throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
            }
            if (L.Type(-2) == LuaType.String) table.Fields[L.ToString(-2, false)!] = ToValue(-1, depth + 1);
            L.Pop(1);
        }
        return table;
    }

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
                L.CreateTable(0, e.Fields.Length);
                foreach (var (key, item) in e.Fields) SetField(key, item, depth);
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
            case IReadOnlyDictionary<string, object?> fields when depth < MaxTableDepth:
                L.CreateTable(0, fields.Count);
                foreach (var (key, item) in fields) SetField(key, item, depth);
                break;
            case IReadOnlyDictionary<string, string> tags when depth < MaxTableDepth:
                L.CreateTable(0, tags.Count);
                foreach (var (key, item) in tags) SetField(key, item, depth);
                break;
            case System.Collections.IEnumerable list when depth < MaxTableDepth:
                L.NewTable();
                var n = 0;
                foreach (var item in list)
                {
                    Push(item, depth + 1);
                    L.RawSetInteger(-2, ++n);
                }
                break;
            default:
                // Never a .NET object: whatever else it is, the script gets its text.
                L.PushString(value.ToString() ?? "");
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

    /// <summary>
    /// Pushes a table key. The same few keys (server, nick, text…) go into every event table, so each is
    /// made into a Lua string once and kept in the registry, instead of being encoded again every time.
    /// </summary>
    private void PushKey(string key)
    {
        if (_keys.TryGetValue(key, out var reference))
        {
            L.RawGetInteger(LuaRegistry.Index, reference);
            return;
        }
        L.PushString(key);
        if (_keys.Count < 256)
        {
            L.PushCopy(-1);
            _keys[key] = L.Ref(LuaRegistry.Index);
        }
    }

    private IntPtr Allocate(IntPtr userData, IntPtr pointer, UIntPtr oldSize, UIntPtr newSize)
    {
        var old = pointer == IntPtr.Zero ? 0 : (long)oldSize;
        if (newSize == UIntPtr.Zero)
        {
            if (pointer != IntPtr.Zero)
            {
                unsafe
                {
                    NativeMemory.Free((void*)pointer);
                }
                _used -= old;
            }
            return IntPtr.Zero;
        }
        var size = (long)newSize;
        // Host code is never refused: a failed allocation there would unwind through .NET frames and take
        // the process down. What the host pushes is bounded by what it holds; the script's own next
        // allocation then fails in Lua, where failing is safe.
        if (_hostDepth == 0 && _used - old + size > _limits.MemoryBytes && size > old) return IntPtr.Zero;
        unsafe
        {
            var result = (IntPtr)NativeMemory.Realloc((void*)pointer, (nuint)size);
            if (result == IntPtr.Zero) return IntPtr.Zero;
            _used += size - old;
            return result;
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
