using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Modules;

namespace RustIrc.Benchmarks;

/// <summary>
/// Goal: unloading a small module (stop, revoke, unload its context, collect it) and loading it again
/// takes under 50 ms (median). One invocation per iteration, so the median is that of single cycles.
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 30)]
public class ModuleLifecycleBenchmarks
{
    private KernelHarness _harness = null!;

    [GlobalSetup]
    public void Setup() => _harness = KernelHarness.Start("ui");

    [GlobalCleanup]
    public void Cleanup() => _harness.Dispose();

    /// <summary>Unload (with verified collection of the load context) then load again.</summary>
    [Benchmark]
    public UnloadReport UnloadCollectLoad_Ui() => _harness.Cycle();
}

/// <summary>A kernel running one small module from artifacts/&lt;Configuration&gt;/modules, cycled on demand.</summary>
internal sealed class KernelHarness : IDisposable
{
    private readonly string _dataDirectory;

    private KernelHarness(string moduleId, string dataDirectory, RustIrcKernel kernel)
    {
        ModuleId = moduleId;
        _dataDirectory = dataDirectory;
        Kernel = kernel;
    }

    public string ModuleId { get; }

    public RustIrcKernel Kernel { get; }

    public static KernelHarness Start(string moduleId)
    {
        var modules = RepoPaths.Require(Path.Combine(RepoPaths.Modules, moduleId));
        var data = RepoPaths.NewTempDirectory("data");
        var kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [Path.GetDirectoryName(modules)!],
            Composition = [moduleId],
            DataDirectory = data,
        });
        kernel.StartAsync().GetAwaiter().GetResult();
        var harness = new KernelHarness(moduleId, data, kernel);
        harness.EnsureEnabled();
        return harness;
    }

    /// <summary>Unloads the module, checks its load context was collected, and loads it again.</summary>
    /// <returns>The kernel's report of the unload (its time and the full collections it took).</returns>
    public UnloadReport Cycle()
    {
        var reports = Kernel.Manager.UnloadAsync(ModuleId).GetAwaiter().GetResult();
        foreach (var report in reports)
        {
            if (!report.Collected) throw new InvalidOperationException(report.ToString());
        }
        var status = Kernel.Manager.LoadAsync(ModuleId).GetAwaiter().GetResult();
        if (status.State != ModuleState.Enabled)
        {
            throw new InvalidOperationException($"module {ModuleId} is {status.State} after loading: {status.Reason}");
        }
        return reports[^1];
    }

    public void Dispose()
    {
        Kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        RepoPaths.DeleteQuietly(_dataDirectory);
    }

    private void EnsureEnabled()
    {
        var status = Kernel.Manager.List().Single(m => m.Id == ModuleId);
        if (status.State != ModuleState.Enabled)
        {
            throw new InvalidOperationException($"module {ModuleId} did not start: {status.State} ({status.Reason})");
        }
    }
}
