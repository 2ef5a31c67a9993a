using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>A module rebuilt on disk (HotV2's files copied over HotV1's) is picked up while the client runs.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task HotReload_ModuleFolderOverwrittenWithNewBuild_NewCodeAnswers()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["HotV1"], HotReload = true });
        Assert.Equal("v1", (await k.RunAsync("/hot")).Output.Text);
        var firstContext = k.Status("hot").LoadContext;

        TestModules.CopyFiles("HotV2", Path.Combine(k.ModulesDirectory, "HotV1"));

        await k.WaitUntilAsync(async () => (await k.RunAsync("/hot")).Output.Text == "v2", TimeSpan.FromSeconds(10), "/hot answers v2");
        var status = k.Status("hot");
        Assert.Equal(ModuleState.Enabled, status.State);
        Assert.Equal("2.0.0", status.Version);
        Assert.NotEqual(firstContext, status.LoadContext);
        Assert.Contains(k.Log.Entries, e => e.Message.StartsWith("reloaded hot 2.0.0 (unloaded hot in ", StringComparison.Ordinal));
        Assert.Empty(k.Kernel.LeakedModules);
    }

    [Fact]
    public async Task ReloadAsync_ModuleRebuiltOnDiskWithoutHotReload_NewCodeAnswersAndOldContextCollected()
    {
        await using var k = await TestKernel.StartAsync("HotV1");
        Assert.Equal("v1", (await k.RunAsync("/hot")).Output.Text);

        TestModules.CopyFiles("HotV2", Path.Combine(k.ModulesDirectory, "HotV1"));
        Assert.Equal("v1", (await k.RunAsync("/hot")).Output.Text);
        var status = await k.Kernel.Manager.ReloadAsync("hot");

        Assert.Equal(ModuleState.Enabled, status.State);
        Assert.Equal("2.0.0", status.Version);
        Assert.Equal("v2", (await k.RunAsync("/hot")).Output.Text);
        Assert.Empty(k.Kernel.LeakedModules);
    }

    [Fact]
    public async Task HotReload_ManifestBrokenOnDisk_SaysWhyThenPicksUpTheFixedBuild()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["HotV1"], HotReload = true });
        Assert.Equal("v1", (await k.RunAsync("/hot")).Output.Text);

        await File.WriteAllTextAsync(Path.Combine(k.ModulesDirectory, "HotV1", "module.json"), "{ \"id\": \"hot\", \"version\": ");

        await k.WaitUntilAsync(() => Task.FromResult(k.Log.Entries.Any(e => e.Message.StartsWith("hot reload of hot failed: ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "the hot reload failure is reported");
        var failure = k.Log.Entries.First(e => e.Message.StartsWith("hot reload of hot failed: ", StringComparison.Ordinal)).Message;
        Assert.Contains("module.json", failure);
        Assert.NotEqual(ModuleState.Enabled, k.Status("hot").State);
        Assert.Equal(CommandOutcome.Ran, (await k.RunAsync("/help")).Outcome);

        TestModules.CopyFiles("HotV2", Path.Combine(k.ModulesDirectory, "HotV1"));
        await k.WaitUntilAsync(async () => (await k.RunAsync("/hot")).Output.Text == "v2", TimeSpan.FromSeconds(10), "the fixed build is picked up");
        Assert.Equal(ModuleState.Enabled, k.Status("hot").State);
        Assert.DoesNotContain(k.Kernel.Manager.List(), m => m.Id == "HotV1");
    }

    [Fact]
    public async Task HotReload_ModuleKeepsStateAcrossReload_NewBuildContinuesFromTheOldState()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["HotV1"], HotReload = true });
        for (var i = 0; i < 3; i++) await k.RunAsync("/hot-count");

        TestModules.CopyFiles("HotV2", Path.Combine(k.ModulesDirectory, "HotV1"));
        await k.WaitUntilAsync(async () => (await k.RunAsync("/hot")).Output.Text == "v2", TimeSpan.FromSeconds(10), "/hot answers v2");

        Assert.Equal("4", (await k.RunAsync("/hot-count")).Output.Text);
        Assert.Empty(k.Kernel.LeakedModules);
    }

    [Fact]
    public async Task UnloadThenLoad_ModuleKeepsStateAcrossReload_ContinuesFromTheStateItSaved()
    {
        await using var k = await TestKernel.StartAsync("HotV1");
        await k.RunAsync("/hot-count");
        await k.RunAsync("/hot-count");
        Assert.Equal("3", (await k.RunAsync("/hot-count")).Output.Text);

        await k.Kernel.Manager.ReloadAsync("hot");
        Assert.Equal("4", (await k.RunAsync("/hot-count")).Output.Text);

        // A user's unload keeps the state for the next load in this run (irc's /connect networks, ui's buffers).
        await k.Kernel.Manager.UnloadAsync("hot");
        await k.Kernel.Manager.LoadAsync("hot");
        Assert.Equal("5", (await k.RunAsync("/hot-count")).Output.Text);
    }
}
