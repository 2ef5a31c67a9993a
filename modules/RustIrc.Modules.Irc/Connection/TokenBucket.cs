using System.Diagnostics;

namespace RustIrc.Modules.Irc.Connection;

/// <summary>
/// Flood control for outgoing lines: up to <c>burst</c> lines go at once, then <c>rate</c> per second.
/// A rate of zero turns it off. Not thread-safe: only the writer uses it.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _rate;
    private double _tokens;
    private long _last;

    public TokenBucket(int burst, double rate)
    {
        _capacity = Math.Max(1, burst);
        _rate = Math.Max(0, rate);
        _tokens = _capacity;
        _last = Stopwatch.GetTimestamp();
    }

    public bool Unlimited => _rate == 0;

    /// <summary>Takes a token if one is there (returns zero), else returns how long until one will be.</summary>
    public TimeSpan TryTake()
    {
        if (Unlimited) return TimeSpan.Zero;
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + Stopwatch.GetElapsedTime(_last, now).TotalSeconds * _rate);
        _last = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }
        return TimeSpan.FromSeconds((1 - _tokens) / _rate);
    }
}
