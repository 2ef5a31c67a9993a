using System.Diagnostics;

namespace RustIrc.Benchmarks;

/// <summary>
/// Goal: after 1,000 unload + collect + load cycles of a small module, memory is within 5 MB of where it
/// started. A console mode rather than a BenchmarkDotNet benchmark: it is one long run whose start and
/// end are compared, and it exits non-zero when the goal is missed.
/// </summary>
internal static class MemoryCycles
{
    /// <summary>The allowed growth, in bytes.</summary>
    public const long Budget = 5L * 1024 * 1024;

    public static int Run(int cycles, int warmup, string moduleId)
    {
        Console.WriteLine($"memory-cycles: {cycles} cycles of unload + collect + load of module '{moduleId}' from {RepoPaths.Modules}");
        Console.WriteLine($"  runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}" +
            string.Concat(new[] { "DOTNET_TieredCompilation", "DOTNET_TieredPGO" }
                .Where(name => Environment.GetEnvironmentVariable(name) is not null)
                .Select(name => $", {name}={Environment.GetEnvironmentVariable(name)}")));
        using var harness = KernelHarness.Start(moduleId);

        var afterStart = Sample();
        Print("after kernel start", afterStart, null);
        for (var i = 0; i < warmup; i++) harness.Cycle();
        var start = Sample();
        Print($"start (after {warmup} warm-up cycles)", start, null);

        var clock = Stopwatch.StartNew();
        var durations = new double[cycles];
        var unloads = new double[cycles];
        var collections = new SortedDictionary<int, int>();
        for (var i = 1; i <= cycles; i++)
        {
            var cycle = Stopwatch.GetTimestamp();
            var report = harness.Cycle();
            durations[i - 1] = Stopwatch.GetElapsedTime(cycle).TotalMilliseconds;
            unloads[i - 1] = report.Elapsed.TotalMilliseconds;
            collections[report.Collections] = collections.GetValueOrDefault(report.Collections) + 1;
            if (i % Math.Max(1, cycles / 10) == 0 && i != cycles) Print($"after {i} cycles", Sample(), start);
        }
        clock.Stop();
        var end = Sample();
        Print($"end (after {cycles} cycles)", end, start);

        Array.Sort(durations);
        Array.Sort(unloads);
        Console.WriteLine($"  cycles took {clock.Elapsed.TotalSeconds:0.0} s; per cycle median {durations[cycles / 2]:0.0} ms, p90 {durations[cycles * 9 / 10]:0.0} ms, max {durations[^1]:0.0} ms");
        Console.WriteLine($"  of which unload + collect (kernel's report): median {unloads[cycles / 2]:0.0} ms, max {unloads[^1]:0.0} ms; " +
            $"collection attempts needed: {string.Join(", ", collections.Select(c => $"{c.Key} in {c.Value} cycles"))}");

        var leaked = harness.Kernel.LeakedModules;
        var managedGrowth = end.Managed - start.Managed;
        var workingSetGrowth = end.WorkingSet - start.WorkingSet;
        var ok = leaked.Count == 0 && managedGrowth <= Budget && workingSetGrowth <= Budget;
        Console.WriteLine($"  growth: managed heap {Mb(managedGrowth)}, working set {Mb(workingSetGrowth)} (budget {Mb(Budget)} each); leaked contexts: {leaked.Count}");
        Console.WriteLine(ok ? "PASS: memory is within 5 MB of the start" : "FAIL: memory grew by more than 5 MB, or a load context leaked");
        return ok ? 0 : 1;
    }

    private static Sample Sample()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new Sample(managed, process.WorkingSet64, GC.GetGCMemoryInfo().TotalCommittedBytes, ProcStatus("RssAnon"), ProcStatus("RssFile"), ProcStatus("RssShmem"));
    }

    /// <summary>A field of /proc/self/status in bytes (Linux), to tell the runtime's own memory from mapped files; -1 elsewhere.</summary>
    private static long ProcStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }

    private static void Print(string when, Sample sample, Sample? start)
    {
        var line = $"  {when,-32} managed heap {Mb(sample.Managed),9}  working set {Mb(sample.WorkingSet),9}  " +
            $"(GC committed {Mb(sample.GcCommitted)}, RssAnon {Mb(sample.RssAnon)}, RssFile {Mb(sample.RssFile)}, RssShmem {Mb(sample.RssShmem)})";
        if (start is { } s) line += $"  growth {Mb(sample.Managed - s.Managed)} / {Mb(sample.WorkingSet - s.WorkingSet)}";
        Console.WriteLine(line);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.00} MB";
}

/// <summary>Memory of this process at one moment.</summary>
internal readonly record struct Sample(long Managed, long WorkingSet, long GcCommitted, long RssAnon, long RssFile, long RssShmem);
