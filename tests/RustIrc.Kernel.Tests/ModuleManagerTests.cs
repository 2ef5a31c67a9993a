using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>Unloading, disabling and enabling modules that depend on each other, and what is remembered.</summary>
public sealed class ModuleManagerTests
{
    [Fact]
    public async Task UnloadAsync_ModuleWithDependent_DependentUnloadedFirstAndBothCollected()
    {
        await using var k = await TestKernel.StartAsync("Good", "Dependent");
        Assert.Equal("said", (await k.RunAsync("/dependent-say hi")).Output.Text);

        var reports = await k.Kernel.Manager.UnloadAsync("good");

        Assert.Equal(["dependent", "good"], reports.Select(r => r.Id));
        Assert.All(reports, r => Assert.True(r.Collected, r.ToString()));
        var dependent = k.Status("dependent");
        Assert.Equal(ModuleState.Disabled, dependent.State);
        Assert.Equal("it needs module 'good', which was unloaded; /module load dependent brings both back", dependent.Reason);
    }

    [Fact]
    public async Task LoadAsync_DependentOfUnloadedModule_LoadsWhatItNeedsFirst()
    {
        await using var k = await TestKernel.StartAsync("Good", "Dependent");
        await k.Kernel.Manager.UnloadAsync("good");

        var status = await k.Kernel.Manager.LoadAsync("dependent");

        Assert.Equal(ModuleState.Enabled, status.State);
        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
        Assert.Equal("said", (await k.RunAsync("/dependent-say again")).Output.Text);
    }

    [Fact]
    public async Task DisableAsync_ModuleWithDependent_BothDisabledAndStillDisabledInANewKernel()
    {
        using var directory = new TestDirectory();
        await using (var first = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["Good", "Dependent"], Directory = directory }))
        {
            var reports = await first.Kernel.Manager.DisableAsync("good");

            Assert.Equal(["dependent", "good"], reports.Select(r => r.Id));
            Assert.Equal(ModuleState.Disabled, first.Status("good").State);
            Assert.Equal("disabled by the user; /module enable good turns it back on", first.Status("good").Reason);
            Assert.Equal(ModuleState.Disabled, first.Status("dependent").State);
            Assert.Equal("disabled because it needs 'good'; /module enable dependent turns both back on", first.Status("dependent").Reason);
        }

        await using var second = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        Assert.Equal(ModuleState.Disabled, second.Status("good").State);
        Assert.Equal("disabled by the user; /module enable good turns it back on", second.Status("good").Reason);
        Assert.Equal(ModuleState.Disabled, second.Status("dependent").State);
        Assert.Equal("Unknown command /good-ping. Type /help for the list of commands.", (await second.RunAsync("/good-ping")).Output.Text);
    }

    [Fact]
    public async Task EnableAsync_DisabledModule_LoadsAndStaysEnabledInANewKernel()
    {
        using var directory = new TestDirectory();
        await using (var first = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["Good"], Directory = directory }))
        {
            await first.Kernel.Manager.DisableAsync("good");

            var enabled = await first.Kernel.Manager.EnableAsync("good");

            Assert.Equal(ModuleState.Enabled, enabled.State);
        }

        await using var second = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        Assert.Equal(ModuleState.Enabled, second.Status("good").State);
        Assert.Equal("pong", (await second.RunAsync("/good-ping")).Output.Text);
    }
}
