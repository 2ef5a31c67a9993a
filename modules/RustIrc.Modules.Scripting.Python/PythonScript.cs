using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// One script: its own module namespace in the shared interpreter (restricted builtins, its own irc module
/// and copies of the modules it may import), its own memory account, and every call into it made as that
/// script, so the audit hook refuses what the script may not do and the watchdog stops it at its time.
/// Used from the client loop only.
/// </summary>
internal sealed unsafe class PythonScript : IScriptInstance
{
    private readonly PythonInterpreter _interpreter;
    private readonly ScriptApi _api;
    private readonly ScriptLimits _limits;
    private readonly PythonValues _values;
    // The script's name as refusals give it ("python 'seen'"), NUL-terminated, in native memory the helper
    // keeps a pointer to while the script runs; freed on dispose.
    private readonly byte* _refusalName;
    private readonly uint _account;
    private IntPtr _namespace;
    private int _depth;
    private long _cpuTicks;
    private bool _disposed;

    public PythonScript(PythonInterpreter interpreter, string name, string dataDirectory, ScriptApi api, ScriptLimits limits)
    {
        _interpreter = interpreter;
        _api = api;
        _limits = limits;
        _values = new PythonValues(this, interpreter);
        var refusalName = Encoding.UTF8.GetBytes($"python '{name}'\0");
        _refusalName = (byte*)NativeMemory.Alloc((nuint)refusalName.Length);
        refusalName.CopyTo(new Span<byte>(_refusalName, refusalName.Length));
        using var gil = PythonGil.Take();
        _account = interpreter.CountsMemory ? PythonNative.AccountNew(limits.MemoryBytes) : 0;
        var functions = ScriptTable.ListOf(api.Functions.Keys.Order(StringComparer.Ordinal));
        _namespace = HostCall("new_script", name, dataDirectory, functions);
    }

    public long MemoryBytes => _disposed || _account == 0 ? 0 : PythonNative.AccountUsed(_account);

    public TimeSpan CpuTime => Stopwatch.GetElapsedTime(0, _cpuTicks);

    public bool IsRunning => _depth > 0;

    public ScriptMetadata? Load(string source, string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var gil = PythonGil.Take();
        var code = HostCall("check", source, path);
        try
        {
            RunInNamespace(code);
        }
        finally
        {
            PythonNative.DecRef(code);
        }
        // Module-level on_message, on_join… become handlers; subscribing goes through the bridge as this script.
        _interpreter.Push(this);
        try
        {
            PythonNative.DecRef(HostCall("bind_hooks", _namespace));
        }
        finally
        {
            _interpreter.Pop();
        }
        return Metadata();
    }

    // One value, as Python's prompt shows it: None (and statements) show nothing.
    public IReadOnlyList<object?> Evaluate(string code)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var gil = PythonGil.Take();
        var compiled = HostCall("evaluate", code);
        try
        {
            return RunInNamespace(compiled) is { } value ? [value] : [];
        }
        finally
        {
            PythonNative.DecRef(compiled);
        }
    }

    private object? RunInNamespace(IntPtr code)
    {
        var arguments = PythonNative.TupleNew(2);
        PythonNative.IncRef(code);
        PythonNative.TupleSetItem(arguments, 0, code);
        PythonNative.IncRef(_namespace);
        PythonNative.TupleSetItem(arguments, 1, _namespace);
        return Invoke(_interpreter["run"], arguments);
    }

    public ScriptFunction? FindFunction(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var gil = PythonGil.Take();
        IntPtr found;
        fixed (byte* key = Encoding.UTF8.GetBytes(name + "\0")) found = PythonNative.DictGetItemString(_namespace, key);
        if (found == IntPtr.Zero || PythonNative.CallableCheck(found) == 0) return null;
        PythonNative.IncRef(found);
        return new PythonFunction(this, found);
    }

    public object? Call(ScriptFunction function, params object?[] arguments)
    {
        var callable = Own(function);
        using var gil = PythonGil.Take();
        var charged = PythonNative.Charge(_account);
        var tuple = PythonNative.TupleNew(arguments.Length);
        try
        {
            for (var i = 0; i < arguments.Length; i++) PythonNative.TupleSetItem(tuple, i, Argument(arguments[i], tuple));
        }
        finally
        {
            PythonNative.Charge(charged);
        }
        return Invoke(callable, tuple);
    }

    public object? CallEvent(ScriptFunction function, ScriptEventTable table)
    {
        var callable = Own(function);
        using var gil = PythonGil.Take();
        var charged = PythonNative.Charge(_account);
        var tuple = PythonNative.TupleNew(1);
        try
        {
            PythonNative.TupleSetItem(tuple, 0, Argument(table, tuple));
        }
        finally
        {
            PythonNative.Charge(charged);
        }
        return Invoke(callable, tuple);
    }

    /// <summary>
    /// One argument of a call into the script, made on its own memory account (the call may be nested in
    /// another script's, whose account is charged until then); on failure <paramref name="tuple"/> is let go.
    /// </summary>
    /// <exception cref="ScriptException">It could not be made: the script's memory is used up.</exception>
    private IntPtr Argument(object? value, IntPtr tuple)
    {
        var item = _values.ToPython(value);
        if (item != IntPtr.Zero) return item;
        PythonNative.DecRef(tuple);
        var message = PythonErrors.Take().Message;
        throw _account != 0 && PythonNative.AccountRefused(_account) > 0
            ? new ScriptException(_limits.MemoryReached, limitExceeded: true)
            : new ScriptException($"the call's arguments could not be made: {message}");
    }

    private IntPtr Own(ScriptFunction function)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (function is not PythonFunction { Released: false } python || !ReferenceEquals(python.Owner, this))
        {
            throw new ScriptException("that function belongs to another script");
        }
        return python.Object;
    }

    /// <summary>
    /// Calls <paramref name="callable"/> with <paramref name="arguments"/> (a tuple, released here) as this
    /// script: refusals name it, its memory account is charged, and the outermost call is timed.
    /// </summary>
    private object? Invoke(IntPtr callable, IntPtr arguments)
    {
        var outermost = _interpreter.Depth == 0;
        // Numbered for the whole process, so a watchdog's mark for an ended call never matches a later one.
        var call = outermost ? PythonNative.NextCall() : 0;
        var started = Stopwatch.GetTimestamp();
        if (PythonNative.Enter(_refusalName, _account, call) != 0)
        {
            PythonNative.DecRef(arguments);
            throw new ScriptException("calls between scripts are nested too deeply");
        }
        _interpreter.Push(this);
        _depth++;
        if (outermost) _interpreter.Watchdog.Begin(call, PythonNative.Thread(), _limits.TimePerCall);
        ScriptException? failure = null;
        IntPtr result;
        try
        {
            result = PythonNative.Call(callable, arguments, IntPtr.Zero);
            if (outermost && PythonNative.Overdue() != 0)
            {
                // Its allocations were refused from its deadline on: whatever it ended with, time ended it.
                if (result == IntPtr.Zero) PythonNative.ErrClear();
                failure = new ScriptException(_limits.TimeReached, limitExceeded: true);
            }
            // Described while still running as the script: the description may run the script's own __str__.
            else if (result == IntPtr.Zero) failure = Failure();
        }
        finally
        {
            if (outermost) _interpreter.Watchdog.End();
            _depth--;
            _interpreter.Pop();
            PythonNative.Leave();
            PythonNative.DecRef(arguments);
            if (_depth == 0) _cpuTicks += Stopwatch.GetTimestamp() - started;
        }
        // Memory refused first is what went wrong, whatever the call ended with (a script that swallowed
        // MemoryError runs on until its time is up).
        if (_account != 0 && PythonNative.AccountRefused(_account) > 0)
        {
            if (result != IntPtr.Zero) PythonNative.DecRef(result);
            throw new ScriptException(_limits.MemoryReached, limitExceeded: true);
        }
        if (failure is not null)
        {
            if (result != IntPtr.Zero) PythonNative.DecRef(result);
            throw failure;
        }
        try
        {
            return _values.ToValue(result);
        }
        catch (ScriptApiException ex)
        {
            throw new ScriptException(ex.Message);
        }
        finally
        {
            PythonNative.DecRef(result);
        }
    }

    /// <summary>The exception the call ended with, for the core: a limit, or the error in words.</summary>
    private ScriptException Failure()
    {
        var (kind, message) = PythonErrors.Take(_interpreter["describe"], _interpreter["LimitError"], PythonNative.MemoryError, PythonNative.RecursionError);
        return kind switch
        {
            0 => new ScriptException(_limits.TimeReached, limitExceeded: true),
            1 => new ScriptException(_limits.MemoryReached, limitExceeded: true),
            2 => new ScriptException($"recursion limit reached (a function that calls itself without end?): {message}", limitExceeded: true),
            _ => new ScriptException(message),
        };
    }

    /// <summary>Calls one of the bootstrap's functions as the client (not as the script); returns a new reference.</summary>
    /// <exception cref="ScriptException">It raised (a syntax error in the script, a refused construct).</exception>
    private IntPtr HostCall(string function, params object?[] arguments)
    {
        // What it makes for the script (its namespace, its compiled code) is the script's memory.
        var charged = PythonNative.Charge(_account);
        try
        {
            return HostCallCharged(function, arguments);
        }
        finally
        {
            PythonNative.Charge(charged);
        }
    }

    private IntPtr HostCallCharged(string function, object?[] arguments)
    {
        var tuple = PythonNative.TupleNew(arguments.Length);
        for (var i = 0; i < arguments.Length; i++)
        {
            PythonNative.TupleSetItem(tuple, i, arguments[i] is IntPtr python ? Borrowed(python) : _values.ToPython(arguments[i]));
        }
        var result = PythonNative.Call(_interpreter[function], tuple, IntPtr.Zero);
        PythonNative.DecRef(tuple);
        if (result == IntPtr.Zero) throw new ScriptException(PythonErrors.Take(_interpreter["describe"]).Message);
        return result;
    }

    private static IntPtr Borrowed(IntPtr value)
    {
        PythonNative.IncRef(value);
        return value;
    }

    /// <summary>What the script declares at module level (__name__ when it set one, __version__, __author__, __description__, __permissions__).</summary>
    private ScriptMetadata? Metadata()
    {
        var found = HostCall("metadata", _namespace);
        try
        {
            return ScriptMetadata.FromMap(_values.ToValue(found));
        }
        catch (ScriptApiException ex)
        {
            throw new ScriptException(ex.Message);
        }
        finally
        {
            PythonNative.DecRef(found);
        }
    }

    /// <summary>The bridge, for this script: <c>call(name, *arguments)</c> runs the API function <c>name</c>.</summary>
    public IntPtr CallHost(IntPtr arguments)
    {
        var count = PythonNative.TupleSize(arguments);
        if (count < 1 || PythonNative.TypeOf(PythonNative.TupleGetItem(arguments, 0)) != PythonNative.StrType)
        {
            PythonErrors.Raise(PythonNative.TypeError, "call(name, *arguments): the name of an irc function first");
            return IntPtr.Zero;
        }
        var name = PythonValues.ToText(PythonNative.TupleGetItem(arguments, 0));
        // The engine's own functions (the re module's matching) besides the shared API.
        ScriptApiCall? function = name switch
        {
            "re.scan" => values => PythonRegex.Scan(values, _limits.TimePerCall),
            "re.info" => values => PythonRegex.Info(values, _limits.TimePerCall),
            _ => _api.Functions.GetValueOrDefault(name),
        };
        if (function is null)
        {
            PythonErrors.Raise(PythonNative.RuntimeError, $"irc has no function {name}");
            return IntPtr.Zero;
        }
        try
        {
            var values = new object?[count - 1];
            for (var i = 1; i < count; i++) values[i - 1] = _values.ToValue(PythonNative.TupleGetItem(arguments, i));
            return _values.ToPython(function(values));
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // A backtracking pattern: stopped like any call past its time, which the script cannot catch.
            PythonErrors.Raise(_interpreter["LimitError"], "a regular expression ran past the time limit");
        }
        catch (Sdk.Permissions.PermissionDeniedException ex)
        {
            PythonErrors.Raise(PythonNative.PermissionError, ex.Message);
        }
        catch (ScriptApiException ex)
        {
            PythonErrors.Raise(PythonNative.RuntimeError, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PythonErrors.Raise(PythonNative.RuntimeError, $"irc.{name}: {ex.Message}");
        }
        return IntPtr.Zero;
    }

    /// <summary>Counts a Python function the client now keeps for this script (see <see cref="Release"/>).</summary>
    internal void Hold() => Interlocked.Increment(ref _interpreter.FunctionsHeld);

    /// <summary>Lets go of one Python function the client kept for this script (a handler that was removed).</summary>
    internal void Release(IntPtr value)
    {
        Interlocked.Decrement(ref _interpreter.FunctionsHeld);
        if (_disposed) return;
        using var gil = PythonGil.Take();
        PythonNative.DecRef(value);
    }

    public void Dispose()
    {
        if (_disposed) return;
        using var gil = PythonGil.Take();
        // The namespace holds the script's functions, classes and data; emptied as the script (with its
        // limits), since what goes may run the script's code (a generator's finally).
        var arguments = PythonNative.TupleNew(1);
        PythonNative.TupleSetItem(arguments, 0, Borrowed(_namespace));
        try
        {
            Invoke(_interpreter["clear"], arguments);
        }
        catch (ScriptException)
        {
            // Whatever it ran failed; the namespace is let go anyway.
        }
        _disposed = true;
        PythonNative.DecRef(_namespace);
        _namespace = IntPtr.Zero;
        _values.Dispose();
        if (_account != 0) PythonNative.AccountClose(_account);
        NativeMemory.Free(_refusalName);
    }
}

/// <summary>A Python callable the client keeps for a script (a handler, a command, a timer).</summary>
internal sealed class PythonFunction : ScriptFunction
{
    public PythonFunction(PythonScript owner, IntPtr value)
    {
        Owner = owner;
        Object = value;
        owner.Hold();
    }

    public PythonScript Owner { get; }

    public IntPtr Object { get; }

    public bool Released { get; private set; }

    public override void Release()
    {
        if (Released) return;
        Released = true;
        Owner.Release(Object);
    }
}
