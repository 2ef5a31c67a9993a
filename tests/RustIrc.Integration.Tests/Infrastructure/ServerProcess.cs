using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// One server program the tests run in the foreground (InspIRCd, ngIRCd, Anope): started in its own
/// folder with its console captured for failure messages, and killed by its own PID.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    /// <summary>Whether the program is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    public static ServerProcess Start(string executable, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory, // a crash dump, if any, lands in the folder the fixture deletes
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var server = new ServerProcess(new Process { StartInfo = start });
        server._process.OutputDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue(e.Data); };
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Waits until every one of <paramref name="ports"/> accepts connections; returns null then, or why not
    /// (the program exited, or <paramref name="timeout"/> passed).
    /// </summary>
    public async Task<string?> WaitUntilListeningAsync(TimeSpan timeout, params int[] ports)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var listening = true;
            foreach (var port in ports) listening = listening && await AcceptsAsync(port);
            if (listening) return null;
            if (!IsRunning) return $"exited with code {ExitCode}";
            if (DateTime.UtcNow > deadline)
            {
                return $"did not accept connections on 127.0.0.1:{string.Join(" and :", ports)} within {timeout.TotalSeconds:0} s";
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The last lines the program wrote to its console.</summary>
    public IEnumerable<string> Console(int lines = 40) => _output.TakeLast(lines);

    /// <summary>Kills the program and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The lines of a log file the program may still be writing; none when there is no such file.</summary>
    public static IReadOnlyList<string> ReadLog(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
