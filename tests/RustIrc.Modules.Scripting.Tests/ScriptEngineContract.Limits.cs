using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

// Runaway scripts: each is stopped with a message naming the limit, and the client and other scripts go on.
public abstract partial class ScriptEngineContract
{
    private static readonly string[] CpuLimits = ["instruction limit", "time limit"];

    [Fact]
    public async Task Limits_EndlessLoop_StoppedNamingTheLimit()
    {
        await AssertStoppedAsync("spinner", EndlessLoop(), CpuLimits);
    }

    [Fact]
    public async Task Limits_MemoryBomb_StoppedNamingTheMemoryLimit()
    {
        await AssertStoppedAsync("hog", MemoryBomb(), [$"memory limit of {ScriptingClient.MemoryMb} MB"]);
    }

    [Fact]
    public async Task Limits_EndlessRecursion_StoppedWithAnErrorNotACrash()
    {
        await AssertStoppedAsync("recurser", EndlessRecursion(), ["stack overflow", "memory limit", "recursion"]);
    }

    [Fact]
    public async Task Limits_EndlessLoopInsideErrorCatcher_StillStopped()
    {
        await AssertStoppedAsync("catcher", EndlessLoopInsideErrorCatcher(), CpuLimits);
    }

    [Fact]
    public async Task Limits_BusyLoopInsideCoroutine_StillStopped()
    {
        await AssertStoppedAsync("cospinner", BusyLoopInsideCoroutine(seconds: 2, "coroutine loop finished"), CpuLimits, notPrinted: "coroutine loop finished");
    }

    [Fact]
    public async Task Limits_TimerTakingMostOfTheClientsTime_StoppedForItsShare_WhileAnIdleOneRunsOn()
    {
        // Each call stays far under the per-call limits (100 ms of 2 s), but one comes every millisecond:
        // over a 1 s span the script takes more than the 50 % it may.
        await using var client = await StartAsync(settings: new Dictionary<string, string?>
        {
            [$"modules:{Language}:timeSharePercent"] = "50",
            [$"modules:{Language}:timeShareWindowMs"] = "1000",
        });
        await LoadBystanderAsync(client);
        AssertLoaded(await LoadAsync(client, "ticker", TimerPrinting(20, repeat: true, "tick")), "ticker");
        var from = client.PrintedCount;

        AssertLoaded(await LoadAsync(client, "greedy", BusyRepeatingTimer(everyMs: 1, busyMs: 100)), "greedy");

        var stopped = await client.WaitForLineAsync($"{Language} 'greedy' stopped", from, TimeSpan.FromSeconds(20));
        Assert.Contains("more than 50% of the client's time over 1 s", stopped.Text, StringComparison.Ordinal);
        Assert.Contains("(last in timer)", stopped.Text, StringComparison.Ordinal);
        Assert.Contains(": faulted", await client.ListLineAsync("greedy", Language));
        Assert.Contains(": running", await client.ListLineAsync("ticker", Language));
        await AssertBystanderWorksAsync(client);
    }

    [Fact]
    public async Task Limits_EndlessLoopInAHandler_ScriptStoppedAndTheEventStillDelivered()
    {
        await using var client = await StartAsync();
        await LoadBystanderAsync(client);
        AssertLoaded(await LoadAsync(client, "stuck", OnJoinEndlessLoop()), "stuck");
        var seen = 0;
        await client.SubscribeAsync<JoinEvent>(_ =>
        {
            seen++;
            return EventResult.Continue;
        }, priority: -10);
        var from = client.PrintedCount;

        await client.PublishAsync(Join());

        var stopped = await client.WaitForLineAsync($"{Language} 'stuck' stopped", from);
        Assert.Contains(CpuLimits, limit => stopped.Text.Contains(limit, StringComparison.Ordinal));
        Assert.Equal(1, seen);
        Assert.Contains(": faulted", await client.ListLineAsync("stuck", Language));
        await AssertBystanderWorksAsync(client);
    }

    /// <summary>Loads <paramref name="source"/> next to a bystander and checks it is stopped for one of <paramref name="reasons"/>.</summary>
    private async Task AssertStoppedAsync(string name, string source, string[] reasons, string? notPrinted = null)
    {
        await using var client = await StartAsync();
        await LoadBystanderAsync(client);
        var from = client.PrintedCount;

        var result = await LoadAsync(client, name, source);

        var stopped = result.Errors.FirstOrDefault(e => e.StartsWith($"{Language} '{name}' stopped: ", StringComparison.Ordinal));
        Assert.True(stopped is not null, $"Loading {name} should have failed with \"{Language} '{name}' stopped: …\", but it answered:\n{result.Text}\nand printed:\n  {string.Join("\n  ", client.PrintedSince(from))}");
        Assert.True(reasons.Any(r => stopped.Contains(r, StringComparison.OrdinalIgnoreCase)), $"The message does not name the limit ({string.Join(" / ", reasons)}): {stopped}");
        if (notPrinted is not null) Assert.DoesNotContain(notPrinted, client.PrintedSince(from));
        Assert.Contains(": faulted", await client.ListLineAsync(name, Language));
        await AssertBystanderWorksAsync(client);
    }
}
