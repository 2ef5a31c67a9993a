using System.Composition;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.ThrowingHandler;

/// <summary>Handles every <see cref="InputEvent"/> by throwing; after enough failures the kernel must stop it.</summary>
[Export(typeof(IModule))]
public sealed class ThrowingHandlerModule : ModuleBase
{
    public const string Message = "ThrowingHandler always throws";

    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Context.Events.Subscribe<InputEvent>(_ => throw new InvalidOperationException(Message), priority: 100);
        return ValueTask.CompletedTask;
    }
}
