using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// InspIRCd with Anope 2.0 services linked to it, on 127.0.0.1, one per test class (an xunit class
/// fixture): NickServ accounts are real, and SASL PLAIN and EXTERNAL go through Anope. Configured from
/// <c>irc-server/anope-services.conf.template</c> and <c>inspircd-services.conf.template</c> in temporary
/// folders; ready once Anope has logged that both sides finished their burst. Disposing it kills both.
/// </summary>
public sealed class ServicesNetwork : IAsyncLifetime
{
    public const string AnopeExecutable = "/usr/sbin/anope";
    private static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "rustirc-integration-tests", "anope-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly int _linkPort = ServerProcess.FreePort();
    private ServerProcess? _anope;

    public ServicesNetwork() => Server = new InspIrcdServer { ServicesLinkPort = _linkPort };

    /// <summary>The IRC server the clients connect to; its TLS port asks for client certificates.</summary>
    public InspIrcdServer Server { get; }

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!File.Exists(AnopeExecutable))
        {
            throw new InvalidOperationException(
                $"Anope is not installed: apt-get install anope (./run-tests installs it when run as root). {AnopeExecutable} was not found.");
        }
        await ((IAsyncLifetime)Server).InitializeAsync();
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        Directory.CreateDirectory(Path.Combine(_directory, "logs"));
        File.WriteAllText(Path.Combine(_directory, "motd.txt"), "RustIrc test services\n");
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "irc-server", "anope-services.conf.template"))
            .Replace("@DIR@", _directory)
            .Replace("@LINKPORT@", _linkPort.ToString());
        File.WriteAllText(Path.Combine(_directory, "services.conf"), config);
        // Run as root, Anope warns and sleeps 3 s before reading its configuration; the link timeout allows for it.
        _anope = ServerProcess.Start(AnopeExecutable, _directory, "--nofork", $"--confdir={_directory}",
            $"--dbdir={Path.Combine(_directory, "data")}", $"--logdir={Path.Combine(_directory, "logs")}",
            "--modulesdir=/usr/lib/anope", "--localedir=/usr/share/anope/locale");

        var deadline = DateTime.UtcNow + LinkTimeout;
        while (!(AnopeLog().Any(l => l.Contains("SERVER: irc.test.local") && l.EndsWith("is done syncing", StringComparison.Ordinal))
                 && AnopeLog().Any(l => l.Contains("SERVER: services.test.local") && l.EndsWith("is done syncing", StringComparison.Ordinal))))
        {
            if (!_anope.IsRunning || DateTime.UtcNow > deadline)
            {
                var why = !_anope.IsRunning ? $"exited with code {_anope.ExitCode}" : $"did not link within {LinkTimeout.TotalSeconds:0} s";
                var failure = new InvalidOperationException($"Anope {why}.\n{Diagnostics()}");
                await ((IAsyncLifetime)this).DisposeAsync(); // leave no server running behind a failed start
                throw failure;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Registers NickServ account <paramref name="account"/> the way a user does: connect as that nick, REGISTER.</summary>
    public async Task RegisterAsync(string account, string password)
    {
        await using var owner = await IrcPeer.ConnectAsync(Server, account);
        await RegisterAsync(owner, password);
    }

    /// <summary>
    /// Registers <paramref name="account"/> from a connection that presents <paramref name="certificatePem"/>
    /// (certificate and key in one PEM file), then adds that certificate's fingerprint to the account
    /// with NickServ CERT ADD, as a user sets up CertFP.
    /// </summary>
    public async Task RegisterWithCertificateAsync(string account, string password, string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePem);
        await using var owner = await IrcPeer.ConnectTlsAsync(Server.TlsPort, account, certificate);
        await RegisterAsync(owner, password);
        // Anope 2.0.12 adds the fingerprint of the connection the command comes from.
        await AskNickServAsync(owner, "CERT ADD", "added to", $"NickServ added the certificate to {account}");
    }

    /// <summary>Kills Anope and waits until InspIRCd has noticed: its CAP LS no longer offers sasl.</summary>
    public async Task StopServicesAsync()
    {
        if (_anope is not null) await _anope.DisposeAsync();
        var deadline = DateTime.UtcNow + LinkTimeout;
        while ((await OfferedCapabilitiesAsync()).Contains("sasl", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"InspIRCd still offers SASL with the services gone.\n{Diagnostics()}");
            await Task.Delay(100);
        }
    }

    /// <summary>What the server's CAP LS offers a new connection right now.</summary>
    private async Task<string> OfferedCapabilitiesAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Server.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync("CAP LS 302\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var offered = "";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.Contains(" CAP * LS ", StringComparison.Ordinal)) continue;
            offered += line;
            if (!line.Contains(" CAP * LS * ", StringComparison.Ordinal)) break; // the last of a multi-line list
        }
        return offered;
    }

    /// <summary>Anope's console and log and InspIRCd's, for failure messages.</summary>
    public string Diagnostics() =>
        "Anope console:\n  " + string.Join("\n  ", _anope?.Console() ?? []) +
        "\nAnope log:\n  " + string.Join("\n  ", AnopeLog().TakeLast(40)) + "\n" + Server.Diagnostics();

    private static async Task RegisterAsync(IrcPeer owner, string password) =>
        await AskNickServAsync(owner, $"REGISTER {password} {owner.Nick}@test.local", $"Nickname {owner.Nick} registered",
            $"NickServ registered {owner.Nick}");

    /// <summary>Says <paramref name="command"/> to NickServ and waits for a notice that contains <paramref name="answer"/>.</summary>
    private static async Task AskNickServAsync(IrcPeer owner, string command, string answer, string what)
    {
        var from = owner.LineCount;
        await owner.SendAsync($"PRIVMSG NickServ :{command}");
        // Anope puts nicks and fingerprints in bold (^B).
        await owner.WaitForAsync("NOTICE", l => l.Nick == "NickServ" && l.Last.Replace("\u0002", "").Contains(answer, StringComparison.Ordinal),
            from: from, what: what);
    }

    private IReadOnlyList<string> AnopeLog()
    {
        var logs = Path.Combine(_directory, "logs");
        if (!Directory.Exists(logs)) return [];
        return Directory.GetFiles(logs, "services.log*").Order().SelectMany(ServerProcess.ReadLog).ToArray();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_anope is not null) await _anope.DisposeAsync();
        await ((IAsyncLifetime)Server).DisposeAsync();
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
