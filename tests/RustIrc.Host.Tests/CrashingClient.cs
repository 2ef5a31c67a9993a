// One life of the crash test's client: started on the test's folders, kept writing, killed with SIGKILL.
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace RustIrc.Host.Tests;

/// <summary>
/// The real client in a pipe, whose stdout is followed line by line for what it acknowledges: the
/// script's stored versions and the answers to rounds of commands that make the kernel, the irc module
/// and the Lua engine save their state (<see cref="SendRounds"/>).
/// </summary>
internal sealed partial class CrashingClient : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];
    private long _resumed = -1;
    private long _stored;
    private int _sent, _moduleGranted, _ignored, _unignored, _scriptGranted;
    private bool _ready;
    private volatile bool _stopping;
    private Task? _rounds;

    private CrashingClient(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) OnLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _errors.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public static CrashingClient Start(CrashedFolders folders)
    {
        var start = RustIrcProcess.HostStartInfo(["--no-hot-reload", "--config-dir", folders.Config, "--data-dir", folders.Data]);
        start.StandardOutputEncoding = new UTF8Encoding(false);
        start.StandardErrorEncoding = new UTF8Encoding(false);
        return new CrashingClient(Process.Start(start)!);
    }

    /// <summary>Waits for the client to be up with the script running; returns the version the script resumed from.</summary>
    public long WaitForStart()
    {
        WaitUntil(() => _ready && _resumed >= 0, "the client to start and the script to say where it resumes");
        lock (_gate) return _resumed;
    }

    /// <summary>
    /// Starts sending rounds <paramref name="first"/>, <paramref name="first"/>+1… on a thread of their own,
    /// each once the one before was answered; first takes away <paramref name="leftoverIgnore"/>, an
    /// ignore the previous life was killed before it could take away itself.
    /// </summary>
    public void StartRounds(int first, int? leftoverIgnore) => _rounds = Task.Run(() => SendRounds(first, leftoverIgnore));

    /// <summary>Waits until the script stored a version and one round was answered: every file has been written in this life.</summary>
    public void WaitUntilWriting(int firstRound)
    {
        long resumed;
        lock (_gate) resumed = _resumed;
        WaitUntil(() => _stored > resumed && _scriptGranted >= firstRound, "the script to store a version and the first round to be answered");
    }

    /// <summary>Kills the client with SIGKILL, reads what it printed before it died, and returns what it had acknowledged.</summary>
    public CrashProgress Kill()
    {
        _stopping = true;
        _process.Kill();
        _process.WaitForExit(); // and for the end of its stdout: every line it printed is read
        _rounds?.Wait();
        return Progress;
    }

    /// <summary>Stops the rounds after the one under way, then <c>/quit</c>; returns the exit code.</summary>
    public int Quit()
    {
        _stopping = true;
        _rounds?.Wait();
        Send("/quit");
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) throw new TimeoutException($"the client did not quit.\n{Transcript}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public CrashProgress Progress
    {
        get
        {
            lock (_gate)
            {
                return new CrashProgress
                {
                    Stored = _stored, Sent = _sent, ModuleGranted = _moduleGranted, Ignored = _ignored, Unignored = _unignored, ScriptGranted = _scriptGranted,
                };
            }
        }
    }

    /// <summary>Lines on stdout or stderr that report an error, a damaged file or one put aside.</summary>
    public IReadOnlyList<string> Complaints()
    {
        lock (_gate)
        {
            return [.. _lines.Concat(_errors).Where(l => Complaint().IsMatch(l))];
        }
    }

    /// <summary>What the client printed, but the script's stored versions, for a failure message.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate) return $"stdout:\n{string.Join('\n', _lines.TakeLast(40))}\nstderr:\n{string.Join('\n', _errors.TakeLast(40))}";
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private void SendRounds(int first, int? leftoverIgnore)
    {
        try
        {
            if (leftoverIgnore is { } left) Send($"/unignore crash{left}");
            for (var round = first; !_stopping; round++)
            {
                lock (_gate) _sent = round;
                Send($"/module grant logger file_read:/crash/{round}");
                Send($"/ignore crash{round}");
                Send($"/unignore crash{round}");
                Send($"/lua grant {CrashedFolders.ScriptName} file_read:/crash/{round}");
                var answered = round;
                WaitUntil(() => _scriptGranted >= answered || _stopping, $"round {round} to be answered");
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The client was killed while a round was being sent or answered.
        }
    }

    private void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    private void OnLine(string line)
    {
        lock (_gate)
        {
            if (Number(line, "[status] crash stored ") is { } stored)
            {
                _stored = stored;
                return; // tens a second: not kept
            }
            _lines.Add(line);
            if (line.StartsWith("[status] RustIrc ready", StringComparison.Ordinal)) _ready = true;
            else if (Number(line, "[status] crash resumed ") is { } resumed) _resumed = resumed;
            else if (Round(line, "[status] granted file_read:/crash/") is { } granted && line.EndsWith(" to logger", StringComparison.Ordinal)) _moduleGranted = granted;
            else if (Round(line, "[status] ignoring crash") is { } ignored) _ignored = ignored;
            else if (Round(line, "[status] no longer ignoring crash") is { } unignored) _unignored = unignored;
            else if (line.StartsWith($"[status] {CrashedFolders.ScriptName} now holds ", StringComparison.Ordinal))
            {
                // The permissions are listed in the order they were granted: the last is this round's.
                var at = line.LastIndexOf("file_read:/crash/", StringComparison.Ordinal);
                if (at >= 0 && Round(line[at..], "file_read:/crash/") is { } round) _scriptGranted = round;
            }
        }
    }

    private static long? Number(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(line.AsSpan(prefix.Length), out var n) ? n : null;

    /// <summary>The round number right after <paramref name="prefix"/>: its digits, up to whatever follows them.</summary>
    private static int? Round(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var digits = line.AsSpan(prefix.Length);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        return int.TryParse(end < 0 ? digits : digits[..end], out var round) ? round : null;
    }

    private void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_gate)
            {
                if (condition()) return;
            }
            if (_process.HasExited && !_stopping) throw new InvalidOperationException($"the client exited while waiting for {what}.\n{Transcript}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"waited 60 s for {what}.\n{Transcript}");
            Thread.Sleep(2);
        }
    }

    [GeneratedRegex(@"error|damaged|broken|could not|corrupt", RegexOptions.IgnoreCase)]
    private static partial Regex Complaint();
}
