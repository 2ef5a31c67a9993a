namespace RustIrc.Modules.Irc.Connection;

/// <summary>
/// How long to wait before the next connection attempt: doubling from the first delay up to the
/// maximum, each with ±25 % jitter so that clients cut off together do not all return together.
/// A successful registration starts the doubling over.
/// </summary>
internal sealed class ReconnectBackoff(Random random)
{
    private int _failures;

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next(TimeSpan first, TimeSpan maximum)
    {
        var seconds = Math.Min(maximum.TotalSeconds, first.TotalSeconds * Math.Pow(2, _failures));
        _failures = Math.Min(_failures + 1, 30);
        return TimeSpan.FromSeconds(seconds * (0.75 + random.NextDouble() * 0.5));
    }

    public void Reset() => _failures = 0;
}
