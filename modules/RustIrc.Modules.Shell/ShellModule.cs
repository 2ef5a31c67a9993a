using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Shell;

/// <summary>
/// The headless frontend. Lines starting with <c>/</c> are commands (<c>//text</c> sends a literal
/// slash); other lines are input for the current buffer. Everything printed into any buffer is written
/// to standard output as <c>[buffer] text</c>, or, with <c>--json</c>, as JSON lines together with
/// every event.
/// </summary>
[Export(typeof(IModule))]
public sealed class ShellModule : ModuleBase
{
    private ITerminal _terminal = null!;
    private IUiModel _ui = null!;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _terminal = Context.Services.Get<ITerminal>();
        _ui = Context.Services.Get<IUiModel>();
        var output = new BufferOutput(this);

        if (_terminal.Json)
        {
            Context.Events.Observe(e =>
            {
                if (e is LinePrintedEvent line) _terminal.WriteLine(TerminalJson.Line(line.Buffer, line.Kind, line.Text, line.Time));
                else _terminal.WriteLine(TerminalJson.Event(e));
            });
        }
        else
        {
            // Every line as [buffer] text. Watching the model rather than LinePrintedEvent spares a string
            // and an event per line when nothing else listens (a flood of lines, docs/performance.md).
            var composed = new LineBuffer();
            void Write(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time) => _terminal.WriteLine(
                composed.Clear().Append("[").Append(buffer).Append(kind == LineKind.Error ? "] error: " : "] ").Append(text).Line);
            try
            {
                _ui.WatchLines(Write);
            }
            catch (NotSupportedException)
            {
                // Another module's UI model: its events, last of all handlers.
                Context.Events.Subscribe<LinePrintedEvent>(line =>
                {
                    Write(line.Buffer, line.Text, line.Kind, line.Time);
                    return EventResult.Continue;
                }, priority: int.MinValue);
            }
        }

        Context.Commands.Register(BufferCommand.For(_ui));

        // Attach last: from here on, typed lines come to us instead of the kernel. The attachment is owned
        // by this module (the broker's guard records it), so unloading the shell hands stdin back.
        _terminal.Attach(line => HandleLineAsync(line, output));
        return ValueTask.CompletedTask;
    }

    private Task HandleLineAsync(string line, ICommandOutput output) => TypedLine.SubmitAsync(Context, line, _ui.CurrentBuffer, output).AsTask();

    /// <summary>Command replies go to the buffer the command was typed in.</summary>
    private sealed class BufferOutput(ShellModule shell) : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info) => shell._ui.Print(shell._ui.CurrentBuffer, text, kind);
    }
}
