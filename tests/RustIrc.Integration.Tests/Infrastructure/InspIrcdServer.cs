using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A real InspIRCd 3 on 127.0.0.1, one per test class (an xunit class fixture): a plain port and a TLS
/// port with a fresh self-signed certificate, configured from <c>irc-server/inspircd.conf.template</c>
/// in a temporary folder. <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring
/// it back on the same ports, for reconnect tests. An operator may log in as <see cref="OperName"/>. Disposing it kills the process and deletes the folder.
/// </summary>
public sealed class InspIrcdServer : IAsyncLifetime
{
    public const string Executable = "/usr/sbin/inspircd";

    /// <summary>The operator account (<c>OPER tester tester</c>), for tests that K-line or kill.</summary>
    public const string OperName = "tester";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public InspIrcdServer()
    {
        _directory = Path.Combine(Path.GetTempPath(), "rustirc-integration-tests", "ircd-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The plain-text client port.</summary>
    public int Port { get; private set; }

    /// <summary>The TLS client port, serving <see cref="CertificateSha256"/>.</summary>
    public int TlsPort { get; private set; }

    /// <summary>SHA-256 of the server's certificate, upper-case hex without separators.</summary>
    public string CertificateSha256 { get; private set; } = "";

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"InspIRCd is not installed: apt-get install inspircd (./run-tests installs it when run as root). {Executable} was not found.");
        }
        Directory.CreateDirectory(_directory);
        NewCertificate();
        File.WriteAllText(Path.Combine(_directory, "motd.txt"), "RustIrc integration test server\n");

        // Another process may take a free port between our probe and InspIRCd's bind: try fresh ports a few times.
        for (var attempt = 1; ; attempt++)
        {
            (Port, TlsPort) = (FreePort(), FreePort());
            while (TlsPort == Port) TlsPort = FreePort();
            var failure = await TryStartAsync();
            if (failure is null) return;
            if (attempt == 3) throw new InvalidOperationException(failure);
        }
    }

    /// <summary>Gives the server a fresh self-signed certificate, served from its next start.</summary>
    public void NewCertificate()
    {
        var certificate = ServerCertificate.Create();
        File.WriteAllText(Path.Combine(_directory, "server-cert.pem"), certificate.CertificatePem);
        File.WriteAllText(Path.Combine(_directory, "server-key.pem"), certificate.PrivateKeyPem);
        CertificateSha256 = certificate.Sha256;
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and <see cref="TlsPort"/>; returns once both accept connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("The InspIRCd test server is already running.");
        if (await TryStartAsync() is { } failure) throw new InvalidOperationException(failure);
    }

    /// <summary>Starts the process and waits for both ports; returns why it failed, or null.</summary>
    private async Task<string?> TryStartAsync()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "irc-server", "inspircd.conf.template");
        var config = File.ReadAllText(template)
            .Replace("@DIR@", _directory)
            .Replace("@TLSPORT@", TlsPort.ToString())
            .Replace("@PORT@", Port.ToString());
        var configPath = Path.Combine(_directory, "inspircd.conf");
        File.WriteAllText(configPath, config);
        File.Delete(Path.Combine(_directory, "ircd.log"));
        _output.Clear();

        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = _directory, // a crash dump, if any, lands in the folder we delete
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--config", configPath, "--nofork", "--runasroot" }) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(await AcceptsAsync(Port) && await AcceptsAsync(TlsPort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = process.HasExited
                    ? $"exited with code {process.ExitCode}"
                    : $"did not accept connections on 127.0.0.1:{Port} and :{TlsPort} within {StartTimeout.TotalSeconds:0} s";
                await StopAsync();
                return $"InspIRCd {why}.\n{Diagnostics()}";
            }
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>Kills the server; connected clients see their connection drop.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            if (!process.HasExited) process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>The server's console output and log, for failure messages.</summary>
    public string Diagnostics()
    {
        var logPath = Path.Combine(_directory, "ircd.log");
        var log = File.Exists(logPath) ? File.ReadAllLines(logPath) : ["(no ircd.log was written)"];
        return "InspIRCd console:\n  " + string.Join("\n  ", _output.TakeLast(40)) +
               $"\n{logPath}:\n  " + string.Join("\n  ", log.TakeLast(40));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in /tmp is harmless.
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<bool> AcceptsAsync(int port)
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
