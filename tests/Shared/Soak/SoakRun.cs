using System.Diagnostics;

namespace RustIrc.Tests.Shared.Soak;

/// <summary>What a soak does: how long, how fast, how often it reloads, and the memory goal if any.</summary>
internal sealed record SoakOptions
{
    public required TimeSpan Duration { get; init; }

    /// <summary>Server lines per second.</summary>
    public required int Rate { get; init; }

    public TimeSpan ModuleReloadEvery { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ScriptReloadEvery { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest slope of resident memory over the second half, in MB per minute; null: reported, not checked.</summary>
    public double? MaxSlopeMbPerMinute { get; init; }
}

/// <summary>
/// The soak (issue #16): mixed traffic at a steady rate into a client with three Lua scripts, a module
/// reloaded and a script reloaded on a schedule; at the end, every line counted, no problem, no leak.
/// </summary>
internal static class SoakRun
{
    /// <summary>Runs the soak; returns the goals it missed (none when it passed). Progress goes to <paramref name="print"/>.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string modulesDirectory, SoakOptions options, Action<string> print)
    {
        print($"soak: {options.Duration.TotalMinutes:0.##} min at {options.Rate:N0} lines/s; module '{SoakClient.ReloadedModule}' reloaded every {options.ModuleReloadEvery.TotalSeconds:0.#} s, " +
            $"a script ({string.Join(" or ", SoakClient.ReloadedScripts)}) every {options.ScriptReloadEvery.TotalSeconds:0.#} s; {Environment.ProcessorCount} cores");
        await using var client = await SoakClient.StartAsync(modulesDirectory);
        var baseline = await client.CountsAsync();
        var statsBaseline = await client.StatsTotalAsync();
        var samples = new List<MemorySample>();

        var clock = Stopwatch.StartNew();
        var pump = new TrafficPump(client, options.Rate);
        try
        {
            var (nextModule, nextScript, nextSample) = (options.ModuleReloadEvery, options.ScriptReloadEvery, TimeSpan.Zero);
            while (clock.Elapsed < options.Duration)
            {
                if (clock.Elapsed >= nextSample)
                {
                    var sample = MemorySample.Take(clock.Elapsed, client.Traffic.Total);
                    samples.Add(sample);
                    print("  " + sample.Describe(client));
                    nextSample += options.SampleEvery;
                }
                if (clock.Elapsed >= nextScript)
                {
                    await client.ReloadScriptAsync(SoakClient.ReloadedScripts[client.ScriptReloads % SoakClient.ReloadedScripts.Length]);
                    nextScript += options.ScriptReloadEvery;
                }
                if (clock.Elapsed >= nextModule)
                {
                    await client.ReloadModuleAsync();
                    nextModule += options.ModuleReloadEvery;
                }
                var next = new[] { nextModule, nextScript, nextSample, options.Duration }.Min() - clock.Elapsed;
                if (next > TimeSpan.Zero) await Task.Delay(next);
            }
        }
        finally
        {
            pump.Stop();
        }
        var sendingTook = clock.Elapsed;
        await client.SyncAsync();
        var handledTook = clock.Elapsed;
        await client.CheckHealthAsync();
        var counts = await client.CountsAsync();
        var statsTotal = await client.StatsTotalAsync() - statsBaseline;
        samples.Add(MemorySample.Take(clock.Elapsed, client.Traffic.Total));

        var failures = new List<string>();
        var sent = client.Traffic.Sent;
        print($"  sent {client.Traffic.Total:N0} lines in {sendingTook.TotalSeconds:0.0} s ({client.Traffic.Total / sendingTook.TotalSeconds:N0}/s, at most {pump.MaxBehind:N0} lines behind schedule); all handled {(handledTook - sendingTook).TotalMilliseconds:0} ms after the last");
        print($"  {"kind",-8} {"sent",12} {"counted",12}");
        foreach (var kind in MixedTraffic.Kinds)
        {
            var counted = counts[kind] - baseline[kind];
            print($"  {kind,-8} {sent[kind],12:N0} {counted,12:N0}{(counted == sent[kind] ? "" : "  MISMATCH")}");
            if (counted != sent[kind]) failures.Add($"soak_count.lua counted {counted:N0} {kind} events of {sent[kind]:N0} sent");
        }
        var messages = sent["message"] + sent["private"];
        print($"  soak_stats.lua, reloaded {client.ScriptReloads / SoakClient.ReloadedScripts.Length}+ times, kept its count in storage: {statsTotal:N0} of {messages:N0} messages");
        if (statsTotal != messages) failures.Add($"soak_stats.lua counted {statsTotal:N0} messages over its reloads, of {messages:N0} sent");
        if (client.Traffic.Total < options.Rate * options.Duration.TotalSeconds * 0.99) failures.Add($"only {client.Traffic.Total:N0} lines were sent, under 99 % of {options.Rate * options.Duration.TotalSeconds:N0}: the client held the server up");

        print($"  reloads: module {SoakClient.ReloadedModule} {client.ModuleReloads}, scripts {client.ScriptReloads}; leaked contexts {client.Leaks} (kernel's list at the end: {client.Kernel.LeakedModules.Count})");
        if (client.Leaks > 0 || client.Kernel.LeakedModules.Count > 0) failures.Add($"{client.Leaks} load contexts leaked");
        print($"  problems: {client.ProblemCount}" + string.Concat(client.Problems.Select(p => "\n    " + p)));
        if (client.ProblemCount > 0) failures.Add($"{client.ProblemCount} problems (error lines, log warnings, failed reloads)");

        var secondHalf = samples.Where(s => s.At >= options.Duration / 2).ToList();
        var slope = MemorySample.Slope(secondHalf, s => s.Rss);
        var heapSlope = MemorySample.Slope(secondHalf, s => s.Heap);
        print($"  resident memory: {MemorySample.Mb(samples[0].Rss)} at the start, {MemorySample.Mb(samples.Max(s => s.Rss))} at most, {MemorySample.Mb(samples[^1].Rss)} at the end; " +
            $"slope over the second half {slope:+0.000;-0.000;0.000} MB/min ({secondHalf.Count} samples); GC heap after the last collection: slope {heapSlope:+0.000;-0.000;0.000} MB/min");
        if (options.MaxSlopeMbPerMinute is { } max && !(slope <= max)) failures.Add($"resident memory grew by {slope:0.000} MB/min over the second half, more than {max} MB/min");

        print(failures.Count == 0 ? "PASS: no problem, no leak, all traffic counted" : "FAIL:\n  " + string.Join("\n  ", failures));
        return failures;
    }
}

/// <summary>The process's memory at one moment of a soak: resident set and the GC heap as the last collection left it.</summary>
internal readonly record struct MemorySample(TimeSpan At, long Lines, long Rss, long Heap)
{
    public static MemorySample Take(TimeSpan at, long lines)
    {
        using var process = Process.GetCurrentProcess();
        return new MemorySample(at, lines, process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    /// <summary>The least-squares slope of <paramref name="value"/> (bytes) over time, in MB per minute; NaN with fewer than two samples.</summary>
    public static double Slope(IReadOnlyList<MemorySample> samples, Func<MemorySample, long> value)
    {
        if (samples.Count < 2) return double.NaN;
        var xs = samples.Select(s => s.At.TotalMinutes).ToArray();
        var ys = samples.Select(s => value(s) / (1024.0 * 1024.0)).ToArray();
        var (meanX, meanY) = (xs.Average(), ys.Average());
        var covariance = xs.Zip(ys, (x, y) => (x - meanX) * (y - meanY)).Sum();
        var variance = xs.Sum(x => (x - meanX) * (x - meanX));
        return covariance / variance;
    }

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";

    public string Describe(SoakClient client) =>
        $"{At.TotalMinutes,6:0.0} min  {Lines,12:N0} lines  RSS {Mb(Rss),9}  GC heap {Mb(Heap),8}  reloads {client.ModuleReloads}/{client.ScriptReloads}  problems {client.ProblemCount}  load {LoadAverage()}";

    /// <summary>The machine's one-minute load average (Linux), to show what else ran beside the soak.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
