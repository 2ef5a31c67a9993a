namespace RustIrc.Modules.Logger.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, in a time zone of its choosing.</summary>
internal sealed class TestClock(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override TimeZoneInfo LocalTimeZone => zone;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => _now += by;

    /// <summary>A zone two hours ahead of UTC without daylight saving, so local midnight is 22:00 UTC.</summary>
    public static TimeZoneInfo PlusTwo { get; } = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");
}
