using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.Leaky;

/// <summary>
/// The classic plugin leak: a handler of its own on a process-wide event of the default context
/// (<see cref="AppDomain.ProcessExit"/>), never removed. The event's delegate list references this
/// instance, the instance its type, the type its collectible load context, so unload cannot complete;
/// the kernel must say so instead of claiming the memory was returned.
/// </summary>
[Export(typeof(IModule))]
public sealed class LeakyModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Context.Logger.LogInformation("leaky: the process is exiting");
}
