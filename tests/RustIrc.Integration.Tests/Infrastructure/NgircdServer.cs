namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A real ngIRCd 26 on 127.0.0.1, one per test class (an xunit class fixture), configured from
/// <c>irc-server/ngircd.conf.template</c> in a temporary folder: a server with few IRCv3 capabilities
/// (multi-prefix only; no message-tags, server-time, echo-message or SASL), for the client to degrade on.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it back on the same port.
/// </summary>
public sealed class NgircdServer : IAsyncLifetime, IIrcTestServer
{
    public const string Executable = "/usr/sbin/ngircd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "rustirc-integration-tests", "ngircd-" + Guid.NewGuid().ToString("N")[..12]);
    private ServerProcess? _process;
    private ServerProcess? _lastStarted; // kept after a stop, for its console

    public int Port { get; private set; }

    public string NetworkName => "TestNet";

    // Without an ident answer ngIRCd always marks the user name, and the tests run no identd.
    public string IdentPrefix => "~";

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"ngIRCd is not installed: apt-get install ngircd (./run-tests installs it when run as root). {Executable} was not found.");
        }
        Directory.CreateDirectory(_directory);
        // Another process may take the port between our probe and ngIRCd's bind: try fresh ports a few times.
        for (var attempt = 1; ; attempt++)
        {
            Port = ServerProcess.FreePort();
            var failure = await TryStartAsync();
            if (failure is null) return;
            if (attempt == 3) throw new InvalidOperationException(failure);
        }
    }

    public async Task StartAsync()
    {
        if (_process is { IsRunning: true }) throw new InvalidOperationException("The ngIRCd test server is already running.");
        if (await TryStartAsync() is { } failure) throw new InvalidOperationException(failure);
    }

    /// <summary>Starts the process and waits for the port; returns why it failed, or null.</summary>
    private async Task<string?> TryStartAsync()
    {
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "irc-server", "ngircd.conf.template"))
            .Replace("@DIR@", _directory)
            .Replace("@PORT@", Port.ToString());
        var configPath = Path.Combine(_directory, "ngircd.conf");
        File.WriteAllText(configPath, config);
        var process = ServerProcess.Start(Executable, _directory, "--nodaemon", "--config", configPath);
        _process = _lastStarted = process;

        if (await process.WaitUntilListeningAsync(StartTimeout, Port) is not { } why) return null;
        await StopAsync();
        return $"ngIRCd {why}.\n{Diagnostics()}";
    }

    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        await process.DisposeAsync();
    }

    public string Diagnostics() => "ngIRCd console:\n  " + string.Join("\n  ", _lastStarted?.Console() ?? []);

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
