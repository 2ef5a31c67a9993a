using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// An extension a module runs itself (a script, later a native plugin) owns what it registers, as a module
/// does: ending it, or unloading the module that runs it, removes all of it; and it is checked in its own name.
/// </summary>
public sealed class HostedExtensionTests
{
    private static readonly InputEvent Probe = new() { Buffer = "status", Text = "guest-probe" };

    [Fact]
    public async Task HostedExtension_RegistersInItsOwnName_AndTheRegistryKnowsItAsTheOwner()
    {
        await using var k = await TestKernel.StartAsync("Hosting");

        Assert.Equal(new ExtensionId("test", "guest"), k.Kernel.Commands.Find("guest-ping")!.Owner);
        Assert.Equal("guest pong", (await k.RunAsync("/guest-ping")).Output.Text);
        Assert.Equal(EventResult.Eat, await k.OnLoopAsync(() => k.Kernel.Events.Publish(Probe)));
    }

    [Fact]
    public async Task HostedExtension_Ended_ItsCommandHandlerAndTimerAreGoneWhileItsModuleRuns()
    {
        await using var k = await TestKernel.StartAsync("Hosting");
        while (await TicksAsync(k) == 0) await Task.Delay(20);

        await k.RunAsync("/hosting-end-guest");
        var ticks = await TicksAsync(k);
        await Task.Delay(200);

        Assert.Null(k.Kernel.Commands.Find("guest-ping"));
        Assert.Equal(EventResult.Continue, await k.OnLoopAsync(() => k.Kernel.Events.Publish(Probe)));
        Assert.Equal(ticks, await TicksAsync(k)); // its timer stopped
        Assert.NotNull(k.Kernel.Commands.Find("hosting-end-guest"));
    }

    [Fact]
    public async Task HostedExtension_HandlerKeepsThrowing_KernelEndsItAndTellsItsHostWhyWhileTheModuleRuns()
    {
        await using var k = await TestKernel.StartAsync("Hosting");
        var trip = new InputEvent { Buffer = "status", Text = "guest-throw" };

        for (var i = 0; i < 5; i++) await k.OnLoopAsync(() => k.Kernel.Events.Publish(trip));
        await k.OnLoopAsync(() => EventResult.Continue); // the fault is handled on the loop after the fifth

        Assert.Null(k.Kernel.Commands.Find("guest-ping"));
        Assert.Equal(EventResult.Continue, await k.OnLoopAsync(() => k.Kernel.Events.Publish(Probe)));
        var reason = (await k.RunAsync("/hosting-guest-fault")).Output.Text;
        Assert.StartsWith("its handlers threw 5 times; the last:", reason);
        Assert.EndsWith("threw InvalidOperationException: the guest tripped", reason);
        Assert.Contains(k.Log.Warnings, w => w.StartsWith("test:guest stopped: its handlers threw 5 times", StringComparison.Ordinal));
        Assert.Equal(ModuleState.Enabled, k.Status("hosting").State);
    }

    private static async Task<int> TicksAsync(TestKernel k) => int.Parse((await k.RunAsync("/hosting-guest-ticks")).Output.Text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task HostingModule_Unloaded_TakesItsHostedExtensionsRegistrationsWithIt()
    {
        await using var k = await TestKernel.StartAsync("Hosting");

        await k.Kernel.Manager.UnloadAsync("hosting");

        Assert.Null(k.Kernel.Commands.Find("guest-ping"));
        Assert.Equal(CommandOutcome.Unknown, (await k.RunAsync("/guest-ping")).Outcome);
        Assert.Equal(EventResult.Continue, await k.OnLoopAsync(() => k.Kernel.Events.Publish(Probe)));
    }

    [Fact]
    public async Task HostedExtension_SubscribingToIrcWithoutIrcRead_IsRefusedInItsOwnNameThoughItsModuleHoldsIt()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup
        {
            Fixtures = ["Hosting"],
            Grants = new Dictionary<string, IReadOnlyList<string>> { ["hosting"] = ["ui_modification", "irc.read"] },
        });

        var denial = (await k.RunAsync("/hosting-guest-denial")).Output.Text;

        Assert.StartsWith("test 'guest' needs permission irc.read for reading IRC traffic", denial);
    }
}
