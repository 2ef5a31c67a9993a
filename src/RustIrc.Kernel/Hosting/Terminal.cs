using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using RustIrc.Kernel.Threading;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// Standard input and output for the client. Output is buffered and flushed once the loop has drained
/// what it was doing, so a flood of lines costs one write call per batch instead of one per line. Every
/// line written passes <see cref="TerminalText"/> here, whoever wrote it: nothing from IRC or a script
/// controls the terminal. A full-screen frontend may take the whole terminal over (<see cref="TakeOver"/>).
/// </summary>
public sealed class Terminal : ITerminal
{
    /// <summary>A typed or piped line longer than this is refused rather than held in memory.</summary>
    private const int MaxLineBytes = 1 << 20;

    private readonly Stream _input;
    private readonly TextWriter _output;
    private readonly bool _ansi;
    private readonly bool _interactive;
    private readonly object _gate = new();
    private Func<string, Task>? _frontend;
    private HeldScreen? _screen;
    private ClientLoop? _loop;
    private int _flushPending;
    private bool _exitHooked;

    /// <summary>
    /// Creates a terminal over the given streams. With <paramref name="ansi"/>, IRC formatting is drawn in
    /// ANSI colours (for a real terminal); without, it is taken out. JSON lines keep the text as it was,
    /// escaped by the JSON writer. <paramref name="interactive"/> says the streams are the process's own
    /// terminal, which a full-screen frontend may then take over.
    /// </summary>
    public Terminal(Stream input, TextWriter output, bool json, bool ansi = false, bool interactive = false)
    {
        _input = input;
        _output = output;
        Json = json;
        _ansi = ansi && !json;
        _interactive = interactive && !json;
    }

    /// <inheritdoc />
    public bool Json { get; }

    /// <summary>Whether this process's standard input and output are both a terminal.</summary>
    public static bool IsProcessInteractive() => !OperatingSystem.IsWindows() && TerminalDevice.IsInteractive();

    /// <inheritdoc />
    public bool IsInteractive => _interactive;

    /// <summary>Whether a frontend is attached.</summary>
    public bool HasFrontend => Volatile.Read(ref _frontend) is not null || Volatile.Read(ref _screen) is not null;

    /// <inheritdoc />
    public void WriteLine(string line)
    {
        if (Volatile.Read(ref _screen) is { } screen)
        {
            screen.Show(line);
            return;
        }
        WriteLine(line.AsSpan());
    }

    /// <inheritdoc />
    public void WriteLine(ReadOnlySpan<char> line)
    {
        if (Volatile.Read(ref _screen) is { } screen)
        {
            screen.Show(line.ToString());
            return;
        }
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

    /// <summary>
    /// Hands a line to the full-screen frontend when one holds the terminal (for log lines that would
    /// otherwise be written over its screen); false when none does.
    /// </summary>
    public bool DivertWhileHeld(string line)
    {
        if (Volatile.Read(ref _screen) is not { } screen) return false;
        screen.Show(line);
        return true;
    }

    /// <inheritdoc />
    public IDisposable Attach(Func<string, Task> onLine)
    {
        lock (_gate)
        {
            if (_frontend is not null || _screen is not null) throw new InvalidOperationException("Another frontend already reads the terminal; unload it first.");
            _frontend = onLine;
        }
        return new Disposable(() =>
        {
            lock (_gate) if (_frontend == onLine) _frontend = null;
        });
    }

    /// <inheritdoc />
    public ITerminalScreen TakeOver(IScreenFrontend frontend)
    {
        if (!_interactive) throw new NotSupportedException("Standard input and output are not a terminal (a pipe, a file or --json): a full-screen frontend cannot run here; use the shell.");
        var loop = _loop ?? throw new InvalidOperationException("The terminal has no client loop yet.");
        HeldScreen screen;
        lock (_gate)
        {
            if (_frontend is not null || _screen is not null) throw new InvalidOperationException("Another frontend already reads the terminal; unload it first.");
            screen = new HeldScreen(this, frontend, loop, TerminalDevice.EnterRawMode());
            _screen = screen;
            // Alternate screen, bracketed paste (a paste arrives marked, so it is not typed line by line).
            _output.Write("\e[?1049h\e[?2004h\e[H\e[2J");
            _output.Flush();
            if (!_exitHooked)
            {
                _exitHooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Volatile.Read(ref _screen)?.Dispose();
                AppDomain.CurrentDomain.UnhandledException += (_, _) => Volatile.Read(ref _screen)?.Dispose();
            }
        }
        loop.Post(screen.Resized);
        return screen;
    }

    /// <summary>Writes out buffered output.</summary>
    public void Flush()
    {
        lock (_gate) _output.Flush();
    }

    /// <summary>
    /// Reads standard input until it ends, on a thread of its own: typed lines go (in order) to the attached
    /// frontend, or to <paramref name="fallback"/> when none is attached, and keys go to a full-screen
    /// frontend while one holds the terminal. Completes when the input ends or on cancellation.
    /// </summary>
    internal Task ReadInputAsync(ClientLoop loop, Func<Task> whenIdle, Func<string, Task> fallback, CancellationToken cancellationToken)
    {
        _loop = loop;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => ended.TrySetResult());
        var reader = new Thread(() =>
        {
            try
            {
                Pump(loop, whenIdle, fallback, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The terminal went away: the same as the input ending.
            }
            finally
            {
                registration.Dispose();
                ended.TrySetResult();
            }
        })
        { IsBackground = true, Name = "rustirc-stdin" };
        reader.Start();
        return ended.Task;
    }

    private void Pump(ClientLoop loop, Func<Task> whenIdle, Func<string, Task> fallback, CancellationToken cancellationToken)
    {
        var chunk = new byte[4096];
        var line = new MemoryStream();
        var tooLong = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = _input.Read(chunk);
            if (read == 0)
            {
                if (line.Length > 0 && Volatile.Read(ref _screen) is null) Deliver(line, tooLong);
                return;
            }
            if (ToScreen(loop, chunk.AsSpan(0, read)))
            {
                line.SetLength(0); // the line mode's unfinished line is dropped with the mode
                continue;
            }
            var rest = chunk.AsSpan(0, read);
            while (rest.Length > 0)
            {
                var end = rest.IndexOf((byte)'\n');
                var part = end < 0 ? rest : rest[..end];
                if (line.Length + part.Length <= MaxLineBytes) line.Write(part);
                else tooLong = true;
                if (end < 0) break;
                Deliver(line, tooLong);
                line.SetLength(0);
                tooLong = false;
                rest = rest[(end + 1)..];
            }
        }

        void Deliver(MemoryStream bytes, bool cut)
        {
            var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
            if (span.EndsWith("\r"u8)) span = span[..^1];
            if (cut)
            {
                loop.InvokeAsync(() =>
                {
                    new Output(this).Write($"An input line longer than {MaxLineBytes / 1024} KiB was ignored.", LineKind.Error);
                    return Task.CompletedTask;
                }).GetAwaiter().GetResult();
                return;
            }
            var text = Encoding.UTF8.GetString(span);
            loop.InvokeAsync(() => (Volatile.Read(ref _frontend) ?? fallback)(text)).GetAwaiter().GetResult();
            loop.InvokeAsync(whenIdle).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Hands keys to the full-screen frontend, if one holds the terminal. A method of its own so that no
    /// slot of the reading loop's frame keeps the screen (and the frontend's load context) after it is released.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ToScreen(ClientLoop loop, ReadOnlySpan<byte> input)
    {
        if (Volatile.Read(ref _screen) is not { } screen) return false;
        var keys = input.ToArray();
        loop.InvokeAsync(() =>
        {
            screen.Input(keys);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
        return true;
    }

    internal void UseLoop(ClientLoop loop) => _loop = loop;

    private void Release(HeldScreen screen, byte[] savedSettings)
    {
        lock (_gate)
        {
            if (_screen != screen) return;
            _screen = null;
            _output.Write("\e[0m\e[?2004l\e[?1049l\e[?25h");
            _output.Flush();
            TerminalDevice.Restore(savedSettings);
        }
    }

    /// <summary>The terminal as a full-screen frontend holds it, with the resize signal it listens to.</summary>
    private sealed class HeldScreen : ITerminalScreen
    {
        private readonly Terminal _terminal;
        private readonly IScreenFrontend _frontend;
        private readonly ClientLoop _loop;
        private readonly byte[] _savedSettings;
        private readonly PosixSignalRegistration? _resize;
        private int _disposed;

        public HeldScreen(Terminal terminal, IScreenFrontend frontend, ClientLoop loop, byte[] savedSettings)
        {
            _terminal = terminal;
            _frontend = frontend;
            _loop = loop;
            _savedSettings = savedSettings;
            (Width, Height) = TerminalDevice.Size();
            _resize = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => _loop.Post(Resized));
        }

        public int Width { get; private set; }

        public int Height { get; private set; }

        public void Draw(ReadOnlySpan<char> output)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            lock (_terminal._gate)
            {
                _terminal._output.Write(output);
                _terminal._output.Flush();
            }
        }

        public void Resized()
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            (Width, Height) = TerminalDevice.Size();
            _frontend.OnResize(Width, Height);
        }

        public void Input(byte[] keys)
        {
            if (Volatile.Read(ref _disposed) == 0) _frontend.OnInput(keys);
        }

        /// <summary>A line someone else wrote: handed to the frontend on the loop, never drawn over the screen.</summary>
        public void Show(string line) => _loop.Post(() =>
        {
            if (Volatile.Read(ref _disposed) == 0) _frontend.OnOutput(line);
        });

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _resize?.Dispose();
            _terminal.Release(this, _savedSettings);
        }
    }

    /// <summary>Command output written straight to the terminal, used when no frontend is loaded.</summary>
    internal sealed class Output(Terminal terminal) : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info) =>
            terminal.WriteLine(terminal.Json
                ? TerminalJson.Line(IUiModel.StatusBuffer, kind, text, DateTimeOffset.UtcNow)
                : kind == LineKind.Error ? "error: " + text : text);
    }
}
