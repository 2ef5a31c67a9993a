using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.TestModules.Dependent;

/// <summary>Needs <c>good</c>: at start it takes the <see cref="IUiModel"/> Good provides; <c>/dependent-say TEXT</c> prints TEXT there.</summary>
[Export(typeof(IModule))]
public sealed class DependentModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var ui = Context.Services.Get<IUiModel>();
        Context.Commands.Register(new CommandDefinition
        {
            Name = "dependent-say",
            Usage = "/dependent-say TEXT",
            Help = "Prints TEXT in the status buffer of the UI model module good provides.",
            Handler = invocation =>
            {
                ui.Print(IUiModel.StatusBuffer, invocation.ArgumentText);
                invocation.Reply("said");
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }
}
