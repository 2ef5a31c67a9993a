using RustIrc.Sdk.Events;

namespace RustIrc.Sdk.Tests;

public sealed class EventClockTests
{
    [Fact]
    public void Now_ReadAgainAndAgain_StaysWithinAFewMillisecondsOfTheWallClock()
    {
        var until = DateTime.UtcNow.AddSeconds(2.5); // across two renewals of the anchor
        while (DateTime.UtcNow < until)
        {
            var before = DateTimeOffset.UtcNow;
            var now = EventClock.Now;
            var after = DateTimeOffset.UtcNow;

            Assert.InRange(now, before.AddMilliseconds(-50), after.AddMilliseconds(50));
            Assert.Equal(TimeSpan.Zero, now.Offset);
        }
    }
}
