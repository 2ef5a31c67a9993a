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

            var waited = Stopwatch.StartNew();
            await loop.InvokeAsync(() => Task.CompletedTask);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(1), $"other work waited {waited.Elapsed.TotalSeconds:0.0} s behind queued ticks");
        }
        Assert.InRange(runs, 10, 80);
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
