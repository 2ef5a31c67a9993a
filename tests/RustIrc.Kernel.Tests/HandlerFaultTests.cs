using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>A module whose handler keeps throwing is reported by name, never stops the others, and is finally stopped.</summary>
public sealed class HandlerFaultTests
{
    private static readonly InputEvent Input = new() { Buffer = "status", Text = "hello" };

    [Fact]
    public async Task Publish_ModuleHandlerThrows_ReportedWithTheModuleNameAndOtherHandlersRun()
    {
        await using var k = await TestKernel.StartAsync("ThrowingHandler");
        var kernelHandlerCalls = 0;
        await k.OnLoopAsync(() => k.Kernel.Events.Subscribe<InputEvent>(_ => { kernelHandlerCalls++; return EventResult.Continue; }));

        var result = await k.OnLoopAsync(() => k.Kernel.Events.Publish(Input));

        Assert.Equal(EventResult.Continue, result);
        Assert.Equal(1, kernelHandlerCalls);
        Assert.Contains(k.Log.Warnings, w => w == "module:throwing-handler: InputEvent threw InvalidOperationException: ThrowingHandler always throws");
        Assert.Equal(ModuleState.Enabled, k.Status("throwing-handler").State);
    }

    [Fact]
    public async Task Publish_ModuleHandlerFailsFiveTimes_ModuleFaultedAndItsHandlerRemoved()
    {
        await using var k = await TestKernel.StartAsync("ThrowingHandler");
        for (var i = 0; i < 4; i++) await k.OnLoopAsync(() => k.Kernel.Events.Publish(Input));
        Assert.Equal(ModuleState.Enabled, k.Status("throwing-handler").State);

        await k.OnLoopAsync(() => k.Kernel.Events.Publish(Input));
        await k.WaitUntilAsync(
            () => Task.FromResult(k.Log.Warnings.Any(w => w.StartsWith("module throwing-handler was stopped:", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "the kernel reports that it stopped throwing-handler");

        var status = k.Status("throwing-handler");
        Assert.Equal(ModuleState.Faulted, status.State);
        Assert.Equal("its handlers threw 5 times; the last: InputEvent threw InvalidOperationException: ThrowingHandler always throws. Fix it, then /module load throwing-handler", status.Reason);
        Assert.Null(status.LoadContext);
        Assert.Contains(k.Log.Warnings, w => w.StartsWith("module throwing-handler was stopped:", StringComparison.Ordinal) && w.EndsWith("load context collected)", StringComparison.Ordinal));
        var failures = k.Log.Warnings.Count(w => w.StartsWith("module:throwing-handler: InputEvent threw", StringComparison.Ordinal));
        await k.OnLoopAsync(() => k.Kernel.Events.Publish(Input));
        Assert.Equal(failures, k.Log.Warnings.Count(w => w.StartsWith("module:throwing-handler: InputEvent threw", StringComparison.Ordinal)));
    }
}
