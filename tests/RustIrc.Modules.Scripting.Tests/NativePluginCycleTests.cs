using System.Text.RegularExpressions;
using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>Tests that measure the whole process (its descriptors, its memory), so they run alone.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;

/// <summary>Loading and unloading a native plugin again and again leaves nothing behind.</summary>
[Collection(nameof(MeasuredAlone))]
public sealed partial class NativePluginCycleTests
{
    [Fact]
    public async Task Cycles_AThousandLoadsAndUnloads_LeaveDescriptorsMappingsAndMemoryFlat()
    {
        await using var client = await NativePluginLoaderTests.StartAsync();
        var path = await NativePluginLoaderTests.BuildAsync(client, "probe.so");
        async Task CycleAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                var loaded = await client.RunAsync($"/plugin load {path}");
                if (!loaded.Text.Contains("loaded probe")) Assert.Fail($"Load {i} failed: {loaded.Text}");
                await client.RunAsync("/plugin unload probe");
            }
        }
        await CycleAsync(200);
        var before = Measure();

        await CycleAsync(1000);

        var after = Measure();
        // A few come and go with the runtime's own threads; a leak per cycle would be a thousand.
        Assert.True(after.Descriptors - before.Descriptors <= 10, $"Open descriptors went from {before.Descriptors} to {after.Descriptors} over 1,000 cycles");
        Assert.Equal(0, after.PluginMappings);
        // Measured alone (the process's memory is every test's): about 2 MB either way; a leaked library per cycle is 16 MB or more.
        Assert.True(after.RssMb - before.RssMb < 12, $"Resident memory went from {before.RssMb} MB to {after.RssMb} MB over 1,000 cycles");
    }

    /// <summary>This process's open descriptors, mappings of plugin copies, and resident memory after a full collection.</summary>
    private static (int Descriptors, int PluginMappings, long RssMb) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Aggressive: the collector gives its free memory back, so what the GC kept from earlier tests is not counted as growth.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var descriptors = Directory.GetFiles("/proc/self/fd").Length;
        var mappings = File.ReadLines("/proc/self/maps").Count(line => line.Contains("/rustirc-plugin-", StringComparison.Ordinal));
        var rss = RssLine().Match(File.ReadAllText("/proc/self/status"));
        return (descriptors, mappings, long.Parse(rss.Groups[1].Value) / 1024);
    }

    [GeneratedRegex(@"VmRSS:\s+(\d+) kB")]
    private static partial Regex RssLine();
}
