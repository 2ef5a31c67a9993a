using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.Hot;

/// <summary>
/// Module <c>hot</c>: <c>/hot</c> replies <c>v</c> and the major version of the assembly it runs from.
/// HotV1 builds this file as version 1.0.0 and HotV2 as 2.0.0, so the reply tells which build is loaded.
/// <c>/hot-count</c> counts its calls, and the count is kept across a reload.
/// </summary>
[Export(typeof(IModule))]
public sealed class HotModule : ModuleBase, IKeepsStateAcrossReload
{
    private int _count;

    public string? SaveStateForReload() => _count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void RestoreStateAfterReload(string state) => _count = int.Parse(state, System.Globalization.CultureInfo.InvariantCulture);

    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hot-count",
            Help = "Counts its calls; the count survives a reload.",
            Handler = invocation =>
            {
                invocation.Reply((++_count).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return ValueTask.CompletedTask;
            },
        });
        var build = $"v{typeof(HotModule).Assembly.GetName().Version!.Major}";
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hot",
            Help = "Replies which build of module hot is running.",
            Handler = invocation =>
            {
                invocation.Reply(build);
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }
}
