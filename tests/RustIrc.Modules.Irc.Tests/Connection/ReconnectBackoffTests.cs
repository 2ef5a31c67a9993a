using RustIrc.Modules.Irc.Connection;

namespace RustIrc.Modules.Irc.Tests.Connection;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    [Fact]
    public void Next_AfterEachFailure_DoublesWithinAQuarterEitherWay()
    {
        var backoff = new ReconnectBackoff(new Random(7));

        for (var failures = 0; failures < 6; failures++)
        {
            var expected = First.TotalSeconds * Math.Pow(2, failures);
            var delay = backoff.Next(First, Maximum).TotalSeconds;
            Assert.InRange(delay, expected * 0.75, expected * 1.25);
        }
    }

    [Fact]
    public void Next_ManyFailures_StaysWithinAQuarterOfTheMaximum()
    {
        var backoff = new ReconnectBackoff(new Random(7));

        var delays = Enumerable.Range(0, 100).Select(_ => backoff.Next(First, Maximum).TotalSeconds).ToArray();

        Assert.All(delays.Skip(20), d => Assert.InRange(d, Maximum.TotalSeconds * 0.75, Maximum.TotalSeconds * 1.25));
    }

    [Fact]
    public void Next_TwoClientsCutOffTogether_DoNotWaitTheSameTime()
    {
        var one = new ReconnectBackoff(new Random(1));
        var other = new ReconnectBackoff(new Random(2));

        var spread = Enumerable.Range(0, 5).Select(_ => Math.Abs((one.Next(First, Maximum) - other.Next(First, Maximum)).TotalSeconds)).ToArray();

        Assert.All(spread, s => Assert.True(s > 0.001, $"two clients waited the same time: {string.Join(", ", spread)}"));
    }

    [Fact]
    public void Reset_AfterARegistration_StartsFromTheFirstDelayAgain()
    {
        var backoff = new ReconnectBackoff(new Random(7));
        for (var i = 0; i < 5; i++) backoff.Next(First, Maximum);

        backoff.Reset();

        Assert.InRange(backoff.Next(First, Maximum).TotalSeconds, First.TotalSeconds * 0.75, First.TotalSeconds * 1.25);
    }
}
