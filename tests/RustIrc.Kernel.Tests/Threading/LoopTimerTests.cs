using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Threading;

namespace RustIrc.Kernel.Tests.Threading;

public sealed class LoopTimerTests
{
    [Fact]
    public async Task Schedule_ActionSlowerThanItsPeriod_SkipsTicksInsteadOfQueueingThemAheadOfOtherWork()
    {
        using var loop = new ClientLoop(NullLogger.Instance);
        var runs = 0;
        // Every 10 ms, 50 ms of work: unchecked, two seconds of it queue well over a hundred ticks, seconds of work.
        using (loop.Schedule(TimeSpan.Zero, () => { runs++; Thread.Sleep(50); }, TimeSpan.FromMilliseconds(10)))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));

            // Timed on the loop itself: how long the work waited there, not how long the test's thread took to resume.
            var posted = Stopwatch.GetTimestamp();
            var waited = await loop.InvokeAsync(() => Task.FromResult(Stopwatch.GetElapsedTime(posted)));
            Assert.True(waited < TimeSpan.FromSeconds(1), $"other work waited {waited.TotalSeconds:0.0} s behind queued ticks");
        }
        Assert.True(runs > 0, "the timer never ran");
    }

    [Fact]
    public async Task Schedule_QuickAction_RunsEveryPeriod()
    {
        using var loop = new ClientLoop(NullLogger.Instance);
        var runs = 0;

        using (loop.Schedule(TimeSpan.Zero, () => Interlocked.Increment(ref runs), TimeSpan.FromMilliseconds(20)))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(Volatile.Read(ref runs), 10, 60);
    }
}
