using System.Diagnostics;
using RustIrc.Host.Tests;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// The real <c>rustirc</c> in a real terminal: a tmux server of its own (its own socket), one window of a
/// given size, keys sent with <c>send-keys</c> and the screen read with <c>capture-pane</c>.
/// </summary>
internal sealed class TmuxTerminal : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private const string Tmux = "/usr/bin/tmux";
    private readonly string _socket = "rustirc-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxTerminal(string home) => Home = home;

    public string Home { get; }

    public string DataDirectory => Path.Combine(Home, "data");

    /// <summary>Starts rustirc with <paramref name="arguments"/> in a <paramref name="width"/>×<paramref name="height"/> terminal.</summary>
    public static TmuxTerminal Start(IEnumerable<string> arguments, int width = 160, int height = 45)
    {
        if (!File.Exists(Tmux)) throw new InvalidOperationException("The terminal UI tests drive the client in tmux, which is not installed: apt-get install tmux (./run-tests installs it).");
        RustIrcProcess.EnsureBuilt();
        var home = Directory.CreateTempSubdirectory("rustirc-tui-").FullName;
        Directory.CreateDirectory(Path.Combine(home, "config"));
        var terminal = new TmuxTerminal(home);
        var command = string.Join(' ', new[] { "exec", "env", "--default-signal=INT,TERM", "dotnet", RustIrcProcess.HostDll, "--config-dir", Path.Combine(home, "config"), "--data-dir", Path.Combine(home, "data") }
            .Concat(arguments).Select(Quote)) + " 2>" + Quote(Path.Combine(home, "stderr"));
        // No status bar (the window is the client's alone), and the pane stays after the client exits, to be read.
        terminal.Run("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", width.ToString(), "-y", height.ToString(), command, ";",
            "set", "-g", "status", "off", ";", "set", "-g", "remain-on-exit", "on");
        return terminal;
    }

    /// <summary>Sends keys by tmux name (<c>Enter</c>, <c>Tab</c>, <c>M-2</c>, <c>PageUp</c>, <c>C-u</c>).</summary>
    public void Keys(params string[] keys) => Run(["send-keys", "-t", "main", .. keys]);

    /// <summary>Types <paramref name="text"/> literally.</summary>
    public void Type(string text) => Run("send-keys", "-t", "main", "-l", text);

    /// <summary>Types a line and Enter.</summary>
    public void Enter(string line)
    {
        Type(line);
        Keys("Enter");
    }

    /// <summary>Pastes <paramref name="text"/> as a terminal does: bracketed, since the client asks for that.</summary>
    public void Paste(string text)
    {
        Run("set-buffer", "-b", "paste", text);
        Run("paste-buffer", "-p", "-d", "-b", "paste", "-t", "main");
    }

    /// <summary>Waits until the whole screen satisfies <paramref name="match"/>; returns its rows.</summary>
    public string[] WaitFor(Func<string[], bool> match, string what, bool colours = false, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var screen = Screen(colours);
            if (match(screen)) return screen;
            if (deadline.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"The screen never showed {what}. It shows:\n{string.Join('\n', Screen())}\nstderr: {StandardError}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>The screen as text, one string per row; with <paramref name="colours"/>, with its SGR sequences.</summary>
    public string[] Screen(bool colours = false) =>
        Run(colours ? ["capture-pane", "-p", "-e", "-t", "main"] : ["capture-pane", "-p", "-t", "main"]).Split('\n');

    /// <summary>Waits until a row of the screen satisfies <paramref name="match"/>; returns the rows.</summary>
    public string[] WaitFor(Func<string, bool> match, string what, bool colours = false, TimeSpan? timeout = null) =>
        WaitFor(screen => screen.Any(match), what, colours, timeout);

    /// <summary>Waits until some row contains <paramref name="text"/>.</summary>
    public string[] WaitFor(string text) => WaitFor(row => row.Contains(text, StringComparison.Ordinal), $"'{text}'");

    /// <summary>The row that satisfies <paramref name="match"/> once it shows.</summary>
    public string WaitForRow(Func<string, bool> match, string what) => WaitFor(match, what).First(match);

    public void Resize(int width, int height) => Run("resize-window", "-t", "main", "-x", width.ToString(), "-y", height.ToString());

    /// <summary>Whether the client has exited, and how: <c>status 0</c>, or the signal that ended it.</summary>
    public (bool Exited, string How) ProcessState()
    {
        var state = Run("display-message", "-p", "-t", "main", "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}").Trim().Split('|');
        // The pane is dead once the client closed the terminal. tmux learns the exit status when it reaps the
        // process, which under load took it over a minute (the client a zombie all along): "status unknown".
        var how = state[2].Length > 0 ? "signal " + state[2] : state[1].Length > 0 ? "status " + state[1] : "status unknown";
        return (state[0] == "1", how);
    }

    public string StandardError => File.Exists(Path.Combine(Home, "stderr")) ? File.ReadAllText(Path.Combine(Home, "stderr")) : "";

    public ValueTask DisposeAsync()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Tmux) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
