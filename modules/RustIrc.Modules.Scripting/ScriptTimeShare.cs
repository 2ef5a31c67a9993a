namespace RustIrc.Modules.Scripting;

/// <summary>
/// How much of the client's time one script's calls took in the current window
/// (<see cref="ScriptLimits.TimeShare"/> over <see cref="ScriptLimits.ShareWindow"/>): the limit that stops a
/// script whose calls each stay under the per-call limits but come one after another. Kept by the core for
/// every engine, from the CPU time the engine reports.
/// </summary>
internal sealed class ScriptTimeShare(ScriptLimits limits)
{
    private TimeSpan _counted;
    private long _windowStart;
    private TimeSpan _inWindow;

    /// <summary>
    /// Counts the engine's total <paramref name="used"/> toward the window; returns why the script must
    /// stop, or null. The engine times calls with a coarse clock, so most calls leave the total as it was
    /// and cost no more than the first comparison.
    /// </summary>
    public string? Charge(TimeSpan used)
    {
        if (used == _counted) return null;
        var added = used - _counted;
        _counted = used;
        if (limits.TimeShare >= 1) return null;
        var now = Environment.TickCount64;
        var window = (long)limits.ShareWindow.TotalMilliseconds;
        if (now - _windowStart >= window)
        {
            _windowStart = now;
            _inWindow = TimeSpan.Zero;
        }
        _inWindow += added;
        return _inWindow.TotalMilliseconds > limits.TimeShare * window ? limits.ShareReached(_inWindow) : null;
    }
}
