using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Tests;

/// <summary>Nothing a module registered outlives it.</summary>
public sealed class OwnershipTests
{
    [Fact]
    public async Task UnloadAsync_GoodModule_ItsEventHandlerNoLongerRuns()
    {
        await using var k = await TestKernel.StartAsync("Good");
        var probe = new InputEvent { Buffer = "status", Text = "good-probe" };
        Assert.Equal(EventResult.Eat, await k.OnLoopAsync(() => k.Kernel.Events.Publish(probe)));

        await k.Kernel.Manager.UnloadAsync("good");

        Assert.Equal(EventResult.Continue, await k.OnLoopAsync(() => k.Kernel.Events.Publish(probe)));
    }

    [Fact]
    public async Task UnloadAsync_GoodModule_ItsCommandIsUnknown()
    {
        await using var k = await TestKernel.StartAsync("Good");
        Assert.NotNull(k.Kernel.Commands.Find("good-ping"));

        await k.Kernel.Manager.UnloadAsync("good");

        Assert.Null(k.Kernel.Commands.Find("good-ping"));
        var (outcome, output) = await k.RunAsync("/good-ping");
        Assert.Equal(CommandOutcome.Unknown, outcome);
        var line = Assert.Single(output.Lines);
        Assert.Equal(LineKind.Error, line.Kind);
        Assert.StartsWith("Unknown command /good-ping.", line.Text);
    }

    [Fact]
    public async Task UnloadAsync_GoodModule_ItsDisplayModifierNoLongerRewrites()
    {
        await using var k = await TestKernel.StartAsync("Good");
        Assert.Equal("modified by good", await k.OnLoopAsync(() => k.Kernel.Events.Modify(ModifierKind.Display, "", "good-modify")));

        await k.Kernel.Manager.UnloadAsync("good");

        Assert.Equal("good-modify", await k.OnLoopAsync(() => k.Kernel.Events.Modify(ModifierKind.Display, "", "good-modify")));
    }

    [Fact]
    public async Task UnloadAsync_GoodModule_ServiceGuardObtainedEarlierThrowsServiceUnavailable()
    {
        await using var k = await TestKernel.StartAsync("Good");
        var ui = k.Kernel.Services.Get<IUiModel>();
        Assert.Equal(IUiModel.StatusBuffer, await k.OnLoopAsync(() => ui.CurrentBuffer));

        await k.Kernel.Manager.UnloadAsync("good");

        var gone = Assert.Throws<ServiceUnavailableException>(() => ui.Print(IUiModel.StatusBuffer, "too late"));
        Assert.Contains("IUiModel was provided by module:good, which has withdrawn it or been unloaded", gone.Message);
        Assert.Null(k.Kernel.Services.Find<IUiModel>());
    }

    [Fact]
    public async Task LoadAsync_AfterUnload_FreshRegistrationsWorkAgain()
    {
        await using var k = await TestKernel.StartAsync("Good");
        await k.Kernel.Manager.UnloadAsync("good");

        await k.Kernel.Manager.LoadAsync("good");

        Assert.Equal("pong", (await k.RunAsync("/good-ping")).Output.Text);
        Assert.NotNull(k.Kernel.Services.Find<IUiModel>());
    }
}
