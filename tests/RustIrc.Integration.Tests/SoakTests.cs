using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Tests.Shared.Soak;
using Xunit.Abstractions;

namespace RustIrc.Integration.Tests;

/// <summary>
/// Short forms of issue #16's soak and reload cycles, on the same driver as the long forms
/// (<c>RustIrc.Benchmarks soak</c> and <c>reload-cycles</c>, docs/reliability.md). Memory is printed, not
/// checked: its trend needs the long forms' minutes, and other tests share this process.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_TwentySecondsOfMixedTrafficWhileReloading_EveryLineCountedNoProblemNoLeak()
    {
        var failures = await SoakRun.RunAsync(ClientUnderTest.ModulesDirectory, new SoakOptions
        {
            Duration = TimeSpan.FromSeconds(20),
            Rate = 2_000,
            ModuleReloadEvery = TimeSpan.FromSeconds(2),
            ScriptReloadEvery = TimeSpan.FromMilliseconds(500),
        }, output.WriteLine);

        Assert.Empty(failures);
    }

    [Fact]
    public async Task ReloadCycles_TwoHundredOfAModuleAndOfAScriptUnderTraffic_NoCrashNoLeakEveryLineCounted()
    {
        var failures = await ReloadCycles.RunAsync(ClientUnderTest.ModulesDirectory, cycles: 200, warmup: 10, rate: 2_000, budget: null, output.WriteLine);

        Assert.Empty(failures);
    }
}
