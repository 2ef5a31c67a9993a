using System.Composition;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>Provides <see cref="IUiModel"/> to every frontend; its buffers and scrollback survive a reload of the module.</summary>
[Export(typeof(IModule))]
public sealed class UiModule : ModuleBase, IKeepsStateAcrossReload
{
    private UiModel _model = null!;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scrollback = int.TryParse(Context.Settings["scrollback"], out var lines) && lines > 0 ? lines : 2000;
        _model = new UiModel(Context.Events, scrollback);
        Context.Services.Provide<IUiModel>(_model);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public string? SaveStateForReload() => UiModelState.Save(_model);

    /// <inheritdoc />
    public void RestoreStateAfterReload(string state) => UiModelState.Restore(_model, state);
}
