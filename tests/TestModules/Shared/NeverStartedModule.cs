using System.Composition;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules;

/// <summary>
/// The code of the fixtures the kernel must refuse from their manifest alone (WrongSdkVersion,
/// MissingDependency, DependencyCycle). It is a complete module, so only the manifest can keep it out;
/// starting it throws, so a kernel that let it through fails loudly.
/// </summary>
[Export(typeof(IModule))]
public sealed class NeverStartedModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Context.Id} must never be started: its manifest rules it out");
}
