namespace RustIrc.Sdk.Events;

/// <summary>
/// The clock events and printed lines are stamped with: the wall clock in UTC, to within the system
/// tick (a few milliseconds).
/// </summary>
/// <remarks>
/// <see cref="DateTimeOffset.UtcNow"/> reads the precise clock, which took about 4 % of a flood's loop on
/// this project's virtual machines, read three times per message (docs/performance.md, section 13). This
/// reads the cheap tick counter instead, from an anchor on the precise clock renewed every second.
/// </remarks>
public static class EventClock
{
    private static Anchor _anchor = new(Environment.TickCount64, DateTimeOffset.UtcNow);

    /// <summary>Now, in UTC.</summary>
    public static DateTimeOffset Now
    {
        get
        {
            var tick = Environment.TickCount64;
            var anchor = Volatile.Read(ref _anchor);
            var elapsed = tick - anchor.Tick;
            if (elapsed is >= 0 and < 1000) return anchor.At.AddMilliseconds(elapsed);
            var fresh = new Anchor(tick, DateTimeOffset.UtcNow);
            Volatile.Write(ref _anchor, fresh);
            return fresh.At;
        }
    }

    private sealed record Anchor(long Tick, DateTimeOffset At);
}
