using System.Text;
using KeraLua;

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
