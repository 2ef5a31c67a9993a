using System.Runtime.InteropServices;
using System.Text;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// The process's one CPython as this load of the python module uses it: started once (pythonnet cannot
/// start it twice), the sandbox's bootstrap (PythonSandbox.py) run in it, the native bridge pointed at this
/// module, and which script is running now, for the bridge to act as. Disposing it lets go of every Python
/// object the module holds; the interpreter itself stays for the next load of the module.
/// </summary>
internal sealed unsafe class PythonInterpreter : IDisposable
{
    // The bridge's signature on the C side: PyObject *host(PyObject *args).
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HostCall(IntPtr arguments);

    // Native code holds a pointer to this delegate until Dispose detaches the bridge.
    private readonly HostCall _host;
    private readonly Dictionary<string, IntPtr> _bootstrap = new(StringComparer.Ordinal);
    private readonly Stack<PythonScript> _running = new();
    // This client's bridge (rustirc_py_attach), 0 until attached.
    private long _bridge;
    private bool _disposed;

    private PythonInterpreter(bool countsMemory)
    {
        CountsMemory = countsMemory;
        _host = OnHostCall;
    }

    /// <summary>Whether each script's memory is counted and limited (the allocators were wrapped before the interpreter started).</summary>
    public bool CountsMemory { get; }

    /// <summary>Modules of the allow-list that could not be imported (a typo in the imports setting, or not installed).</summary>
    public IReadOnlyList<string> Unavailable { get; private set; } = [];

    /// <summary>Interrupts a call that runs past its time.</summary>
    public PythonWatchdog Watchdog => _watchdog ?? throw new InvalidOperationException("the python interpreter has not started");

    private PythonWatchdog? _watchdog;

    /// <summary>Starts CPython from <paramref name="libraryPath"/> if it has not started, and prepares it for scripts.</summary>
    /// <param name="libraryPath">The libpython to embed.</param>
    /// <param name="moduleDirectory">The python module's folder (its native helper, Python.Runtime.dll).</param>
    /// <param name="imports">The modules scripts may import.</param>
    /// <exception cref="ScriptException">The helper is missing, or the bootstrap failed.</exception>
    public static PythonInterpreter Start(string libraryPath, string moduleDirectory, IReadOnlyList<string> imports)
    {
        var countsMemory = PythonEngineStart.Ensure(moduleDirectory, libraryPath, () => PythonNative.Prepare(libraryPath, moduleDirectory));
        var interpreter = new PythonInterpreter(countsMemory);
        try
        {
            PythonNative.Load();
            interpreter._bridge = PythonNative.Attach(Marshal.GetFunctionPointerForDelegate(interpreter._host));
            if (interpreter._bridge == 0) throw new ScriptException("the python engine has no room for another client in this process");
            interpreter.RunBootstrap(imports);
            return interpreter;
        }
        catch
        {
            interpreter.Dispose();
            throw;
        }
    }

    /// <summary>A bootstrap function or type by name (a borrowed reference, alive as long as this).</summary>
    public IntPtr this[string name] => _bootstrap[name];

    /// <summary>What a script file declares about itself, read with ast without running any of it.</summary>
    public ScriptMetadata? Peek(string source)
    {
        using var gil = PythonGil.Take();
        var arguments = PythonNative.TupleNew(1);
        PythonNative.TupleSetItem(arguments, 0, PythonValues.Text(source));
        var found = PythonNative.Call(_bootstrap["peek"], arguments, IntPtr.Zero);
        PythonNative.DecRef(arguments);
        if (found == IntPtr.Zero)
        {
            PythonNative.ErrClear();
            return null;
        }
        using var values = new PythonValues(null, this);
        try
        {
            return ScriptMetadata.FromMap(values.ToValue(found));
        }
        catch (ScriptApiException)
        {
            return null;
        }
        finally
        {
            PythonNative.DecRef(found);
        }
    }

    /// <summary>The Python functions the client holds for scripts now (handlers, commands, timers), over every script.</summary>
    public long FunctionsHeld;

    /// <summary>The interpreter and what it holds, in words: its version, the scripts' namespaces and the functions the client keeps.</summary>
    public string Status()
    {
        using var gil = PythonGil.Take();
        var version = PythonValues.ToText(_bootstrap["VERSION"]);
        var result = PythonNative.Call(_bootstrap["alive"], PythonNative.EmptyTuple, IntPtr.Zero);
        long namespaces = -1;
        if (result == IntPtr.Zero) PythonNative.ErrClear();
        else
        {
            namespaces = PythonNative.LongAs(result);
            PythonNative.DecRef(result);
        }
        return $"CPython {version}{(CountsMemory ? "" : " (memory not counted: something else started it first)")}; " +
            $"{namespaces} script namespaces and {Interlocked.Read(ref FunctionsHeld)} script functions held";
    }

    /// <summary>How deep calls into scripts are nested now (0: none runs).</summary>
    public int Depth => _running.Count;

    /// <summary>From here until <see cref="Pop"/>, the bridge acts as <paramref name="script"/>.</summary>
    public void Push(PythonScript script) => _running.Push(script);

    public void Pop() => _running.Pop();

    private void RunBootstrap(IReadOnlyList<string> imports)
    {
        using var gil = PythonGil.Take();
        var globals = PythonNative.DictNew();
        try
        {
            SetItem(globals, "call", PythonNative.Bridge(_bridge));
            var allowed = PythonNative.ListNew(imports.Count);
            for (var i = 0; i < imports.Count; i++) PythonNative.ListSetItem(allowed, i, PythonValues.Text(imports[i]));
            SetItem(globals, "ALLOWED", allowed);
            using var stream = typeof(PythonInterpreter).Assembly.GetManifestResourceStream("RustIrc.Modules.Scripting.Python.PythonSandbox.py")!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var source = Encoding.UTF8.GetBytes(reader.ReadToEnd() + "\0");
            IntPtr code, result = IntPtr.Zero;
            fixed (byte* text = source, file = "<rustirc-sandbox>\0"u8)
            {
                // Py_file_input: a module's statements. Its file name is how the audit hook knows its code.
                code = PythonNative.CompileString(text, file, 257);
            }
            if (code != IntPtr.Zero)
            {
                result = PythonNative.EvalCode(code, globals, globals);
                PythonNative.DecRef(code);
            }
            if (result == IntPtr.Zero) throw new ScriptException("the python engine's sandbox could not start: " + PythonErrors.Take().Message);
            PythonNative.DecRef(result);
            foreach (var name in new[] { "check", "peek", "metadata", "new_script", "bind_hooks", "describe", "run", "clear", "evaluate", "Event", "Arguments", "LimitError", "TRUSTED", "MISSING", "VERSION", "alive" })
            {
                fixed (byte* key = Encoding.UTF8.GetBytes(name + "\0"))
                {
                    var value = PythonNative.DictGetItemString(globals, key);
                    if (value == IntPtr.Zero) throw new ScriptException($"the python engine's sandbox defines no {name}");
                    PythonNative.IncRef(value);
                    _bootstrap[name] = value;
                }
            }
            var missing = _bootstrap["MISSING"];
            Unavailable = Enumerable.Range(0, (int)PythonNative.ListSize(missing)).Select(i => PythonValues.ToText(PythonNative.ListGetItem(missing, i))).ToArray();
            Trust(_bootstrap["TRUSTED"]);
            _watchdog = new PythonWatchdog(_bootstrap["LimitError"]);
        }
        finally
        {
            PythonNative.DecRef(globals);
        }
    }

    /// <summary>Lets the standard library files the bootstrap names do what they do for scripts (see rustirc_py_trust).</summary>
    private static void Trust(IntPtr pairs)
    {
        var count = PythonNative.ListSize(pairs);
        for (var i = 0; i < count; i++)
        {
            var pair = PythonNative.ListGetItem(pairs, i);
            var @event = PythonValues.ToText(PythonNative.TupleGetItem(pair, 0));
            var file = PythonValues.ToText(PythonNative.TupleGetItem(pair, 1));
            fixed (byte* e = Encoding.UTF8.GetBytes(@event + "\0"))
            fixed (byte* f = Encoding.UTF8.GetBytes(file + "\0"))
            {
                if (PythonNative.Trust(e, f) != 0) throw new ScriptException($"the python engine could not let {file} do {@event} (too many trusted files)");
            }
        }
    }

    private static void SetItem(IntPtr dictionary, string key, IntPtr value)
    {
        fixed (byte* k = Encoding.UTF8.GetBytes(key + "\0"))
        {
            PythonNative.DictSetItemString(dictionary, k, value);
        }
        PythonNative.DecRef(value);
    }

    /// <summary>The bridge: a script called <c>call(name, *arguments)</c>. Nothing may escape into CPython's frames.</summary>
    private IntPtr OnHostCall(IntPtr arguments)
    {
        try
        {
            if (_disposed || _running.Count == 0)
            {
                PythonErrors.Raise(PythonNative.RuntimeError, "the client is not running a script now");
                return IntPtr.Zero;
            }
            return _running.Peek().CallHost(arguments);
        }
        catch (Exception ex)
        {
            PythonErrors.Raise(PythonNative.RuntimeError, "the client failed: " + ex.Message);
            return IntPtr.Zero;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _watchdog?.Dispose();
        if (PythonNative.GilEnsure == null) return;
        using var gil = PythonGil.Take();
        PythonNative.Detach(_bridge);
        foreach (var value in _bootstrap.Values) PythonNative.DecRef(value);
        _bootstrap.Clear();
    }
}

/// <summary>
/// The GIL, held by the current thread until disposed (re-entrant). Each thread keeps its Python thread
/// state from its first call on: PyGILState_Ensure and Release around every call made and freed one each
/// time, which cost more than a handler.
/// </summary>
internal readonly unsafe struct PythonGil : IDisposable
{
    [ThreadStatic] private static int _depth;
    // This thread's state while it does not hold the GIL.
    [ThreadStatic] private static IntPtr _released;

    public static PythonGil Take()
    {
        if (_depth++ > 0) return default;
        if (_released == IntPtr.Zero)
        {
            // The first time on this thread: a thread state of its own, kept (Ensure is never released).
            PythonNative.GilEnsure();
            return default;
        }
        PythonNative.RestoreThread(_released);
        return default;
    }

    public void Dispose()
    {
        if (--_depth == 0) _released = PythonNative.SaveThread();
    }
}
