namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// Stops a call that runs past its time: a thread that sleeps while no script runs, and otherwise wakes at
/// the running call's deadline to raise the limit error into it, again every few milliseconds until the
/// call returns (a script may catch one; it cannot catch them all). Begin and End cost the call a few
/// writes: while calls keep coming the watchdog stays awake, looking every <see cref="Look"/>, since
/// waking it for every call (a handler per IRC line) cost more than the call.
/// </summary>
internal sealed class PythonWatchdog : IDisposable
{
    private static readonly TimeSpan Again = TimeSpan.FromMilliseconds(10);
    private const int Look = 100;
    // Without a call for this long, the watchdog sleeps until the next one wakes it.
    private const int Quiet = 2000;

    private readonly Thread _watcher;
    private readonly AutoResetEvent _wake = new(false);
    // The running outermost call (0: none), its thread's state in the helper, and its deadline (Environment.TickCount64).
    private long _call;
    private IntPtr _thread;
    private long _deadline;
    private long _lastBegin;
    private readonly IntPtr _limitError;
    private volatile bool _idle;
    private volatile bool _stopped;

    /// <summary>A watchdog raising <paramref name="limitError"/> (the bootstrap's LimitError, kept alive by the interpreter).</summary>
    public PythonWatchdog(IntPtr limitError)
    {
        _limitError = limitError;
        _watcher = new Thread(Watch) { Name = "rustirc-python-watchdog", IsBackground = true };
        _watcher.Start();
    }

    /// <summary>An outermost call began on the thread whose helper state is <paramref name="thread"/>; it may run for <paramref name="limit"/>.</summary>
    public void Begin(long call, IntPtr thread, TimeSpan limit)
    {
        _thread = thread;
        var now = Environment.TickCount64;
        _lastBegin = now;
        _deadline = now + (long)limit.TotalMilliseconds;
        // A full fence each side (here and in Watch), so this cannot miss idle while Watch misses the call.
        Interlocked.Exchange(ref _call, call);
        if (_idle) _wake.Set();
    }

    /// <summary>The outermost call ended.</summary>
    public void End() => Volatile.Write(ref _call, 0);

    private void Watch()
    {
        while (!_stopped)
        {
            var call = Volatile.Read(ref _call);
            var now = Environment.TickCount64;
            if (call == 0 && now - Volatile.Read(ref _lastBegin) > Quiet)
            {
                _idle = true;
                Interlocked.MemoryBarrier();
                // Checked again once idle is visible, so a call that began in between is not slept through.
                if (Volatile.Read(ref _call) == 0) _wake.WaitOne();
                _idle = false;
                continue;
            }
            var left = call == 0 ? Look : _deadline - now;
            if (left > 0)
            {
                _wake.WaitOne(TimeSpan.FromMilliseconds(Math.Min(left, Look)));
                continue;
            }
            // The helper raises only if this very call still runs (it checks under the GIL).
            unsafe
            {
                PythonNative.Interrupt(_thread, call, _limitError);
            }
            Thread.Sleep(Again);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _wake.Set();
        _watcher.Join(TimeSpan.FromSeconds(5));
        _wake.Dispose();
    }
}
