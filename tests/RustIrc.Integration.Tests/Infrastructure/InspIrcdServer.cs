namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A real InspIRCd 3 on 127.0.0.1, one per test class (an xunit class fixture): a plain port and a TLS
/// port with a fresh self-signed certificate, configured from <c>irc-server/inspircd.conf.template</c>
/// in a temporary folder. <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring
/// it back on the same ports, for reconnect tests. An operator may log in as <see cref="OperName"/>. Disposing it kills the process and deletes the folder.
/// </summary>
public sealed class InspIrcdServer : IAsyncLifetime, IIrcTestServer
{
    public const string Executable = "/usr/sbin/inspircd";

    /// <summary>The operator account (<c>OPER tester tester</c>), for tests that K-line or kill.</summary>
    public const string OperName = "tester";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;
    private ServerProcess? _process;
    private ServerProcess? _lastStarted; // kept after a stop, for its console

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

    public string NetworkName => "TestNet";

    public string IdentPrefix => "";

    /// <summary>
    /// When set before the server starts, it also listens for a services server on this port and lets
    /// it link (<c>irc-server/inspircd-services.conf.template</c>); see <see cref="ServicesNetwork"/>.
    /// </summary>
    internal int? ServicesLinkPort { get; init; }

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { IsRunning: true };

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
            (Port, TlsPort) = (ServerProcess.FreePort(), ServerProcess.FreePort());
            while (TlsPort == Port) TlsPort = ServerProcess.FreePort();
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
        var text = File.ReadAllText(template);
        if (ServicesLinkPort is { } linkPort)
        {
            text += File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "irc-server", "inspircd-services.conf.template"))
                .Replace("@LINKPORT@", linkPort.ToString());
        }
        var config = text
            .Replace("@DIR@", _directory)
            .Replace("@TLSPORT@", TlsPort.ToString())
            .Replace("@PORT@", Port.ToString());
        var configPath = Path.Combine(_directory, "inspircd.conf");
        File.WriteAllText(configPath, config);
        File.Delete(LogPath);
        var process = ServerProcess.Start(Executable, _directory, "--config", configPath, "--nofork", "--runasroot");
        _process = _lastStarted = process;

        if (await process.WaitUntilListeningAsync(StartTimeout, Port, TlsPort) is not { } why) return null;
        await StopAsync();
        return $"InspIRCd {why}.\n{Diagnostics()}";
    }

    /// <summary>Kills the server; connected clients see their connection drop.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        await process.DisposeAsync();
    }

    /// <summary>The server's console output and log, for failure messages.</summary>
    public string Diagnostics()
    {
        var log = Log();
        return "InspIRCd console:\n  " + string.Join("\n  ", _lastStarted?.Console() ?? []) +
               $"\n{LogPath}:\n  " + string.Join("\n  ", log.Count == 0 ? ["(nothing logged)"] : log.TakeLast(40));
    }

    /// <summary>What the server has written to its log so far.</summary>
    public IReadOnlyList<string> Log() => ServerProcess.ReadLog(LogPath);

    private string LogPath => Path.Combine(_directory, "ircd.log");

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
}
