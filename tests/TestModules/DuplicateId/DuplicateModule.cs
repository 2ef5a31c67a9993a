using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.DuplicateId;

/// <summary><c>/duplicate</c> replies the version of the manifest it was loaded with, so a test sees which copy runs.</summary>
[Export(typeof(IModule))]
public sealed class DuplicateModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Context.Commands.Register(new CommandDefinition
        {
            Name = "duplicate",
            Handler = invocation =>
            {
                invocation.Reply(Context.Manifest.Version);
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }
}
