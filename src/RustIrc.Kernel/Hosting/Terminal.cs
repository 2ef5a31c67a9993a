using RustIrc.Kernel.Threading;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// Standard input and output for the client. Output is buffered and flushed once the loop has drained
/// what it was doing, so a flood of lines costs one write call per batch instead of one per line. Every
/// line written passes <see cref="TerminalText"/> here, whoever wrote it: nothing from IRC or a script
/// controls the terminal.
/// </summary>
public sealed class Terminal : ITerminal
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly bool _ansi;
    private readonly object _gate = new();
    private Func<string, Task>? _frontend;
    private ClientLoop? _loop;
    private int _flushPending;

    /// <summary>
    /// Creates a terminal over the given streams. With <paramref name="ansi"/>, IRC formatting is drawn in
    /// ANSI colours (for a real terminal); without, it is taken out. JSON lines keep the text as it was,
    /// escaped by the JSON writer.
    /// </summary>
    public Terminal(TextReader input, TextWriter output, bool json, bool ansi = false)
    {
        _input = input;
        _output = output;
        Json = json;
        _ansi = ansi && !json;
    }

    /// <inheritdoc />
    public bool Json { get; }

    /// <summary>Whether a frontend is attached.</summary>
    public bool HasFrontend => Volatile.Read(ref _frontend) is not null;

    /// <inheritdoc />
    public void WriteLine(string line) => WriteLine(line.AsSpan());

    /// <inheritdoc />
    public void WriteLine(ReadOnlySpan<char> line)
    {
        lock (_gate) TerminalText.WriteLine(_output, line, _ansi);
        var loop = _loop;
        if (loop is null || !loop.IsOnLoop)
        {
            Flush();
        }
        else if (Interlocked.Exchange(ref _flushPending, 1) == 0)
        {
            loop.Post(() =>
            {
                Volatile.Write(ref _flushPending, 0);
                Flush();
            });
        }
    }

    /// <inheritdoc />
    public IDisposable Attach(Func<string, Task> onLine)
    {
        if (Interlocked.CompareExchange(ref _frontend, onLine, null) is not null)
        {
            throw new InvalidOperationException("Another frontend already reads the terminal; unload it first.");
        }
        return new Disposable(() => Interlocked.CompareExchange(ref _frontend, null, onLine));
    }

    /// <summary>Writes out buffered output.</summary>
    public void Flush()
    {
        lock (_gate) _output.Flush();
    }

    /// <summary>
    /// Reads standard input until it ends, handing each line (in order) to the attached frontend, or to
    /// <paramref name="fallback"/> when none is attached, on the client loop.
    /// </summary>
    internal async Task ReadInputAsync(ClientLoop loop, Func<Task> whenIdle, Func<string, Task> fallback, CancellationToken cancellationToken)
    {
        _loop = loop;
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await _input.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null) return;
            await loop.InvokeAsync(() => (Volatile.Read(ref _frontend) ?? fallback)(line));
            await loop.InvokeAsync(whenIdle);
        }
    }

    internal void UseLoop(ClientLoop loop) => _loop = loop;

    /// <summary>Command output written straight to the terminal, used when no frontend is loaded.</summary>
    internal sealed class Output(Terminal terminal) : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info) =>
            terminal.WriteLine(terminal.Json
                ? TerminalJson.Line(IUiModel.StatusBuffer, kind, text, DateTimeOffset.UtcNow)
                : kind == LineKind.Error ? "error: " + text : text);
    }
}
