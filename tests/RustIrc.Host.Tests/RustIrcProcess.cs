using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace RustIrc.Host.Tests;

/// <summary>A real `rustirc` process with its own config and data folders, driven through stdin and stdout.</summary>
internal sealed class RustIrcProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = [];
    private readonly List<string> _errors = [];

    private RustIrcProcess(Process process, string home)
    {
        _process = process;
        Home = home;
        process.OutputDataReceived += (_, e) => { if (e.Data is null) _lines.CompleteAdding(); else _lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Home { get; }

    /// <summary>Keeps <see cref="Home"/> when disposed, for a second process that starts where this one ended.</summary>
    public bool KeepHome { get; set; }

    public string ConfigDirectory => Path.Combine(Home, "config");

    public string DataDirectory => Path.Combine(Home, "data");

    public IReadOnlyList<string> Seen => _seen;

    public string StandardError
    {
        get { lock (_errors) return string.Join('\n', _errors); }
    }

    public static string Artifacts => typeof(RustIrcProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RustIrcArtifacts").Value!;

    public static string HostDll => Path.Combine(Artifacts, "rustirc", "rustirc.dll");

    /// <summary>Starts rustirc with <paramref name="arguments"/>; <paramref name="prepare"/> may write config files first.</summary>
    public static RustIrcProcess Start(IEnumerable<string> arguments, Action<string>? prepare = null, string? home = null)
    {
        EnsureBuilt();
        home ??= Directory.CreateTempSubdirectory("rustirc-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(home, "config"));
        prepare?.Invoke(Path.Combine(home, "config"));
        var start = HostStartInfo(["--config-dir", Path.Combine(home, "config"), "--data-dir", Path.Combine(home, "data"), .. arguments]);
        return new RustIrcProcess(Process.Start(start)!, home);
    }

    /// <summary>
    /// Runs rustirc once as a pipe tool (no config or data folders): writes <paramref name="input"/> to its
    /// stdin, closes it, and collects stdout and stderr (read as UTF-8) until the process exits.
    /// </summary>
    public static async Task<RustIrcRun> RunAsync(IEnumerable<string> arguments, byte[] input, double timeoutSeconds = 30)
    {
        EnsureBuilt();
        var start = HostStartInfo(arguments);
        start.StandardOutputEncoding = new UTF8Encoding(false);
        start.StandardErrorEncoding = new UTF8Encoding(false);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading all of stdin (--help, say); its output tells what happened.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rustirc {string.Join(' ', arguments)} did not exit. stderr:\n{await stderr}");
        }
        return new RustIrcRun(process.ExitCode, await stdout, await stderr);
    }

    internal static ProcessStartInfo HostStartInfo(IEnumerable<string> arguments)
    {
        // Started as from a terminal: a test run started in the background inherits SIGINT ignored (POSIX
        // does so for background jobs), and the client, like any program, would keep ignoring it.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    internal static void EnsureBuilt()
    {
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"{HostDll} is missing: build the solution first (dotnet build RustIrc.sln).");
        }
    }

    public int Id => _process.Id;

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Reads stdout until a line matches, failing with everything seen after <paramref name="timeoutSeconds"/>.</summary>
    public string WaitFor(Func<string, bool> match, double timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(100)))
            {
                _seen.Add(line);
                if (match(line)) return line;
            }
            else if (_lines.IsCompleted)
            {
                break;
            }
        }
        throw new TimeoutException($"No matching line. stdout so far:\n{string.Join('\n', _seen)}\nstderr:\n{StandardError}");
    }

    public string WaitFor(string contains, double timeoutSeconds = 20) => WaitFor(l => l.Contains(contains, StringComparison.Ordinal), timeoutSeconds);

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public int WaitForExit(double timeoutSeconds = 20)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            throw new TimeoutException($"rustirc did not exit. stdout:\n{string.Join('\n', _seen)}\nstderr:\n{StandardError}");
        }
        _process.WaitForExit();
        while (_lines.TryTake(out var rest)) _seen.Add(rest);
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (KeepHome) return;
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}

/// <summary>What one run of rustirc as a pipe tool produced.</summary>
internal sealed record RustIrcRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>stdout split into lines, without the empty piece after the last LF.</summary>
    public IReadOnlyList<string> Lines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
