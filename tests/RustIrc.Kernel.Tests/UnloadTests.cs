using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Tests;

/// <summary>Unloading returns a module's memory, and says so only when it is true.</summary>
public sealed class UnloadTests
{
    [Fact]
    public async Task UnloadAsync_GoodModuleAfterEveryKindOfUse_LoadContextCollected()
    {
        using var files = new TestDirectory();
        await using var k = await TestKernel.StartAsync(new KernelSetup
        {
            Fixtures = ["Good"],
            Grants = new Dictionary<string, IReadOnlyList<string>> { ["good"] = [$"file_write:{files.Path}"] },
        });

        // Use all it registered: command (sync and async), handler, modifier, and the service it provides.
        Assert.Equal("pong", (await k.RunAsync("/good-ping")).Output.Text);
        Assert.Contains("wrote", (await k.RunAsync($"/good-write {files.Combine("note.txt")} hello")).Output.Text);
        Assert.Equal(EventResult.Eat, await k.OnLoopAsync(() => k.Kernel.Events.Publish(new InputEvent { Buffer = "status", Text = "good-probe" })));
        Assert.Equal("modified by good", await k.OnLoopAsync(() => k.Kernel.Events.Modify(ModifierKind.Display, "", "good-modify")));
        var ui = k.Kernel.Services.Get<IUiModel>();
        await k.OnLoopAsync(() =>
        {
            ui.Print(IUiModel.StatusBuffer, "printed through good's model");
            return ui.Lines(IUiModel.StatusBuffer, 10).Count;
        });

        Assert.Equal(new[] { 1, 2 }, await k.OnLoopAsync(() => CountThroughGuard(k.Kernel.Services, k.Status("good").LoadContext!)));

        var report = Assert.Single(await k.Kernel.Manager.UnloadAsync("good"));

        Assert.Equal("good", report.Id);
        Assert.True(report.Collected, report.ToString());
        Assert.StartsWith("unloaded good in ", report.ToString());
        Assert.Empty(k.Kernel.LeakedModules);
        var status = k.Status("good");
        Assert.Equal(ModuleState.Disabled, status.State);
        Assert.Equal("unloaded by the user; /module load good loads it again", status.Reason);
        Assert.Null(status.LoadContext);
    }

    /// <summary>
    /// Calls the good module's own service, whose interface only its load context knows: through a guard
    /// made in that context, which must not keep it loaded.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int[] CountThroughGuard(IServiceBroker services, string loadContext)
    {
        // This kernel's good module: other tests running beside this one load their own.
        var counterType = AssemblyLoadContext.All.Single(c => c.Name == loadContext).Assemblies
            .Single(a => a.GetName().Name == "RustIrc.TestModules.Good").GetType("RustIrc.TestModules.Good.IGoodCounter")!;
        var counter = typeof(IServiceBroker).GetMethod(nameof(IServiceBroker.Get))!.MakeGenericMethod(counterType).Invoke(services, null)!;
        Assert.NotEqual("GoodCounter", counter.GetType().Name); // a guard, not the implementation
        var next = counterType.GetMethod("Next")!;
        return [(int)next.Invoke(counter, null)!, (int)next.Invoke(counter, null)!];
    }

    [Fact]
    public async Task LoadAndUnload_TwoHundredCyclesInARow_EveryLoadContextCollected()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["Good"], Composition = [] });
        var contexts = new HashSet<string>();

        for (var cycle = 0; cycle < 200; cycle++)
        {
            var loaded = await k.Kernel.Manager.LoadAsync("good");
            Assert.Equal(ModuleState.Enabled, loaded.State);
            contexts.Add(loaded.LoadContext!);
            var report = Assert.Single(await k.Kernel.Manager.UnloadAsync("good"));
            Assert.True(report.Collected, $"cycle {cycle}: {report}");
        }

        Assert.Equal(200, contexts.Count);
        Assert.Empty(k.Kernel.LeakedModules);
    }

    [Fact]
    public async Task UnloadAsync_ModulePostedToTheLoopLast_LoadContextCollected()
    {
        // The loop thread once kept the last posted action in a stack slot of its run method, which
        // pinned a module whose final act was to post (the irc module handing over the server's goodbye).
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["PostsLast"] });
        Assert.Equal(ModuleState.Enabled, k.Status("posts-last").State);

        var report = Assert.Single(await k.Kernel.Manager.UnloadAsync("posts-last"));

        Assert.True(report.Collected, report.ToString());
        Assert.Empty(k.Kernel.LeakedModules);
    }

    [Fact]
    public async Task UnloadAsync_ModulePinnedFromDefaultContext_ReportsTheLeak()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["Leaky"], MaxUnloadCollections = 3 });
        Assert.Equal(ModuleState.Enabled, k.Status("leaky").State);

        var report = Assert.Single(await k.Kernel.Manager.UnloadAsync("leaky"));

        Assert.False(report.Collected);
        Assert.Equal(3, report.Collections);
        Assert.Equal("leaky leaked: its load context is still alive after 3 collections", report.ToString());
        Assert.Contains("leaky", k.Kernel.LeakedModules);
        Assert.Contains(k.Log.Warnings, w => w.StartsWith("leaky leaked:", StringComparison.Ordinal));
    }
}
