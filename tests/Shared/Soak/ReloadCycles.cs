using System.Diagnostics;

namespace RustIrc.Tests.Shared.Soak;

/// <summary>
/// Issue #16's reload cycles: the soak client under traffic, <c>cycles</c> reloads of a module (unload,
/// collect, load) and then as many of a Lua script, each kind after warm-up cycles of its own. Memory
/// (the GC heap after a full collection, and the working set) is read with the traffic paused and every
/// line handled, so that lines in flight are not counted as growth. Buffers keep 100 lines and are filled
/// before the warm-up: a scrollback still filling up would be growth that is no leak, and each reload of
/// the ui module hands its whole scrollback to the next build.
/// </summary>
internal static class ReloadCycles
{
    /// <summary>The allowed growth of each measure, in bytes.</summary>
    public const long Budget = 5L * 1024 * 1024;

    private const int Scrollback = 100;

    // Enough for every buffer, the query buffers of the 20 private senders included, to hold its 100 lines.
    private const int Prefill = 200_000;

    /// <summary>Runs the cycles; returns the goals missed (none when it passed). <paramref name="budget"/> null: memory reported, not checked.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string modulesDirectory, int cycles, int warmup, int rate, long? budget, Action<string> print)
    {
        print($"reload-cycles: {cycles:N0} reloads of module '{SoakClient.ReloadedModule}', then {cycles:N0} of a Lua script, {warmup} warm-up cycles each, under {rate:N0} lines/s, {Scrollback} lines per buffer; {Environment.ProcessorCount} cores");
        var failures = new List<string>();
        await using var client = await SoakClient.StartAsync(modulesDirectory, Scrollback);
        var baseline = await client.CountsAsync();
        for (var lines = 0; lines < Prefill; lines += 10_000) client.Server.Send(client.Traffic.Next(10_000));
        await client.SyncAsync();
        var kinds = new (string What, Func<int, Task> Cycle)[]
        {
            ($"module {SoakClient.ReloadedModule}", _ => client.ReloadModuleAsync()),
            ("Lua script", i => client.ReloadScriptAsync(SoakClient.ReloadedScripts[i % SoakClient.ReloadedScripts.Length])),
        };
        foreach (var (what, cycle) in kinds)
        {
            var pump = new TrafficPump(client, rate);
            for (var i = 0; i < warmup; i++) await cycle(i);
            var start = await PausedSampleAsync(client, pump);
            print($"  {what}: start (after {warmup} warm-up cycles)  {start}");

            pump = new TrafficPump(client, rate);
            var durations = new double[cycles];
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < cycles; i++)
            {
                var one = Stopwatch.GetTimestamp();
                await cycle(i);
                durations[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
                if ((i + 1) % Math.Max(1, cycles / 5) == 0 && i + 1 != cycles) print($"  {what}: {i + 1,6:N0} cycles, {clock.Elapsed.TotalSeconds:0} s, problems {client.ProblemCount}, leaks {client.Leaks}");
            }
            var took = clock.Elapsed;
            var end = await PausedSampleAsync(client, pump);
            Array.Sort(durations);
            var (heap, workingSet) = (end.Heap - start.Heap, end.WorkingSet - start.WorkingSet);
            print($"  {what}: end (after {cycles:N0} cycles)  {end}  growth: GC heap {Mb(heap)}, working set {Mb(workingSet)}");
            print($"  {what}: {cycles:N0} cycles in {took.TotalSeconds:0.0} s, per cycle median {durations[cycles / 2]:0.00} ms, p99 {durations[cycles * 99 / 100]:0.00} ms, max {durations[^1]:0.0} ms");
            if (budget is { } limit && (heap > limit || workingSet > limit)) failures.Add($"{what}: memory grew by {Mb(heap)} (GC heap) and {Mb(workingSet)} (working set), budget {Mb(limit)} each");
        }

        await client.CheckHealthAsync();
        var counts = await client.CountsAsync();
        var sent = client.Traffic.Sent;
        var counted = MixedTraffic.Kinds.Sum(k => counts[k] - baseline[k]);
        var unloads = client.UnloadTimes.Order().ToArray();
        print($"  module unloads (the kernel's report: stop, revoke, unload, collect): median {unloads[unloads.Length / 2]:0.0} ms, max {unloads[^1]:0.0} ms; " +
            $"collection attempts: {string.Join(", ", client.CollectionAttempts.Select(c => $"{c.Key} in {c.Value:N0}"))}");
        print($"  traffic: {client.Traffic.Total:N0} lines sent, {counted:N0} counted by soak_count.lua; module reloads {client.ModuleReloads:N0}, script reloads {client.ScriptReloads:N0}, leaked contexts {client.Leaks}");
        foreach (var kind in MixedTraffic.Kinds.Where(k => counts[k] - baseline[k] != sent[k])) failures.Add($"soak_count.lua counted {counts[kind] - baseline[kind]:N0} {kind} events of {sent[kind]:N0} sent");
        if (client.Leaks > 0 || client.Kernel.LeakedModules.Count > 0) failures.Add($"{client.Leaks} load contexts leaked");
        print($"  problems: {client.ProblemCount}" + string.Concat(client.Problems.Select(p => "\n    " + p)));
        if (client.ProblemCount > 0) failures.Add($"{client.ProblemCount} problems (error lines, log warnings, failed reloads)");
        print(failures.Count == 0 ? "PASS: no crash, no leak, memory within budget, all traffic counted" : "FAIL:\n  " + string.Join("\n  ", failures));
        return failures;
    }

    /// <summary>Stops the pump, waits for the client to handle every line, and reads memory after a full collection.</summary>
    private static async Task<PausedSample> PausedSampleAsync(SoakClient client, TrafficPump pump)
    {
        pump.Stop();
        await client.SyncAsync();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new PausedSample(heap, process.WorkingSet64);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):+0.00;-0.00;0.00} MB";

    private readonly record struct PausedSample(long Heap, long WorkingSet)
    {
        public override string ToString() => $"GC heap {Heap / (1024.0 * 1024.0):0.00} MB, working set {WorkingSet / (1024.0 * 1024.0):0.00} MB";
    }
}
