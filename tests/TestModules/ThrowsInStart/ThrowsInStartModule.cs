using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.ThrowsInStart;

/// <summary>Registers <c>/throws-in-start</c>, then throws: the kernel must mark it Faulted and take the command back.</summary>
[Export(typeof(IModule))]
public sealed class ThrowsInStartModule : ModuleBase
{
    public const string Message = "ThrowsInStart fails at start on purpose";

    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Context.Commands.Register(new CommandDefinition
        {
            Name = "throws-in-start",
            Handler = invocation =>
            {
                invocation.Reply("still here");
                return ValueTask.CompletedTask;
            },
        });
        throw new InvalidOperationException(Message);
    }
}
