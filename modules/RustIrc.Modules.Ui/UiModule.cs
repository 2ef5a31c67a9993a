using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>Provides <see cref="IUiModel"/> to every frontend, and <c>/clear</c>; its buffers and scrollback survive a reload of the module.</summary>
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
        Context.Commands.Register(new CommandDefinition
        {
            Name = "clear",
            Usage = "/clear [BUFFER]",
            Help = "Empties the scrollback of a buffer (this one by default); chat logs keep their lines.",
            Handler = Clear,
            Complete = _ => _model.Buffers().Select(b => b.Name),
        });
        return ValueTask.CompletedTask;
    }

    private ValueTask Clear(CommandInvocation invocation)
    {
        if (invocation.Arguments.Count > 1)
        {
            invocation.Fail("usage: /clear [BUFFER]");
            return ValueTask.CompletedTask;
        }
        var buffer = invocation.Arguments.Count == 1 ? invocation.Arguments[0] : invocation.Buffer ?? _model.CurrentBuffer;
        try
        {
            _model.Clear(buffer);
        }
        catch (InvalidOperationException missing)
        {
            invocation.Fail(missing.Message);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public string? SaveStateForReload() => UiModelState.Save(_model);

    /// <inheritdoc />
    public void RestoreStateAfterReload(string state) => UiModelState.Restore(_model, state);
}
