using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

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
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"{HostDll} is missing: build the solution first (dotnet build RustIrc.sln).");
        }
        home ??= Directory.CreateTempSubdirectory("rustirc-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(home, "config"));
        prepare?.Invoke(Path.Combine(home, "config"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        start.ArgumentList.Add("--config-dir");
        start.ArgumentList.Add(Path.Combine(home, "config"));
        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(Path.Combine(home, "data"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return new RustIrcProcess(Process.Start(start)!, home);
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
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
