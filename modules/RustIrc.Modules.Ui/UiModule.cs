using System.Composition;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>Provides <see cref="IUiModel"/> to every frontend.</summary>
[Export(typeof(IModule))]
public sealed class UiModule : ModuleBase
{
    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scrollback = int.TryParse(Context.Settings["scrollback"], out var lines) && lines > 0 ? lines : 2000;
        Context.Services.Provide<IUiModel>(new UiModel(Context.Events, scrollback));
        return ValueTask.CompletedTask;
    }
}
