using System.Composition;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Tui;

/// <summary>
/// The full-screen terminal frontend. It takes the terminal over from the host while loaded and gives it
/// back when unloaded, so <c>/module reload tui</c> redraws the same buffers (they live in the ui module).
/// </summary>
[Export(typeof(IModule))]
public sealed class TuiModule : ModuleBase
{
    private TuiFrontend? _frontend;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var terminal = Context.Services.Get<ITerminal>();
        if (!terminal.IsInteractive)
        {
            throw new InvalidOperationException("The tui needs a terminal, and standard input or output is a pipe or a file (or --json is on). Use the line shell there: /module load shell, or start rustirc with --shell.");
        }
        _frontend = new TuiFrontend(Context, Context.Services.Get<IUiModel>());
        _frontend.Start(terminal);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _frontend?.Dispose();
        _frontend = null;
        return ValueTask.CompletedTask;
    }
}
