using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Integration.Tests;

/// <summary>
/// Logging in to real NickServ accounts (Anope linked to InspIRCd): SASL PLAIN and SASL EXTERNAL with a
/// certificate added by CERT ADD log in before registration; a wrong password is refused in the server's
/// words and the client goes on to register without an account.
/// </summary>
public sealed class ServicesTests(ServicesNetwork services) : IClassFixture<ServicesNetwork>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rustirc-services-").FullName;
    private readonly InspIrcdServer _server = services.Server;

    [Fact]
    public async Task Connect_SaslPlainWithTheRightPassword_LogsInBeforeRegistration()
    {
        var (account, password) = (Names.Nick("acct"), "right-" + Guid.NewGuid().ToString("N")[..8]);
        await services.RegisterAsync(account, password);
        var nick = Names.Nick("plain");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name svc --nick {nick} --sasl {account}:{password} 127.0.0.1:{_server.Port}");

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(account, (await client.IrcAsync(irc => irc.FindNetwork("svc")))?.Account);
        var lines = (await client.BufferLinesAsync("svc")).ToList();
        var loggedIn = lines.FindIndex(l => l == $"logged in as {account}");
        var connected = lines.FindIndex(l => l.StartsWith("connected to", StringComparison.Ordinal));
        Assert.True(loggedIn >= 0 && loggedIn < connected, $"Expected 'logged in as {account}' before 'connected to':\n  {string.Join("\n  ", lines)}");
        await AssertWhoisShowsLoggedInAsync(nick, account);
    }

    [Fact]
    public async Task Connect_SaslExternalWithACertificateAddedByCertAdd_LogsIn()
    {
        var (certificate, _) = ClientCertificate.Write(_folder);
        var account = Names.Nick("certacct");
        await services.RegisterWithCertificateAsync(account, "cert-" + Guid.NewGuid().ToString("N")[..8], certificate);
        var nick = Names.Nick("external");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --tls --fingerprint {_server.CertificateSha256} --sasl-external --cert {certificate} " +
                              $"--name svc --nick {nick} 127.0.0.1:{_server.TlsPort}");

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(account, (await client.IrcAsync(irc => irc.FindNetwork("svc")))?.Account);
        Assert.Contains($"logged in as {account}", await client.BufferLinesAsync("svc"));
        await AssertWhoisShowsLoggedInAsync(nick, account);
    }

    [Fact]
    public async Task Connect_SaslExternalWithAnUnknownCertificate_IsRefusedAndRegistersWithoutAnAccount()
    {
        var (certificate, _) = ClientCertificate.Write(_folder, "stranger");
        var nick = Names.Nick("stranger");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --tls --insecure --sasl-external --cert {certificate} --name svc --nick {nick} 127.0.0.1:{_server.TlsPort}");

        await client.WaitForEventAsync<NumericEvent>(e => e.Code == 904, what: "the server refused the login (904)");
        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(nick, connected.OwnNick);
        Assert.Null((await client.IrcAsync(irc => irc.FindNetwork("svc")))?.Account);
        Assert.Contains(await client.BufferLinesAsync("svc"), l => l.StartsWith("SASL login failed (SASL authentication failed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_CertificateOfTheNicksAccountWithoutSasl_NickServIdentifiesItAfterRegistration()
    {
        var (certificate, _) = ClientCertificate.Write(_folder, "certfp");
        var account = Names.Nick("fpacct");
        await services.RegisterWithCertificateAsync(account, "cert-" + Guid.NewGuid().ToString("N")[..8], certificate);
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --tls --insecure --cert {certificate} --name svc --nick {account} 127.0.0.1:{_server.TlsPort}");

        // Anope matches the fingerprint InspIRCd passes on and logs the user in (900) once it is on the network.
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        await client.WaitForStateAsync(irc => irc.FindNetwork("svc")?.Account, a => a == account, $"we are logged in as {account}");
        Assert.Contains($"logged in as {account}", await client.BufferLinesAsync("svc"));
    }

    [Fact]
    public async Task Connect_SaslPlainWithAWrongPassword_ShowsTheServersWordsAndRegistersWithoutAnAccount()
    {
        var account = Names.Nick("acct");
        await services.RegisterAsync(account, "right-" + Guid.NewGuid().ToString("N")[..8]);
        var nick = Names.Nick("wrongpw");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name svc --nick {nick} --sasl {account}:not-the-password 127.0.0.1:{_server.Port}");

        // 904 ERR_SASLFAIL: the client must take it as the end of SASL, not wait for more.
        var failed = await client.WaitForEventAsync<NumericEvent>(e => e.Code == 904, what: "the server refused the login (904)");
        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(nick, connected.OwnNick);
        Assert.Null((await client.IrcAsync(irc => irc.FindNetwork("svc")))?.Account);
        var error = Assert.Single(client.Events.OfType<LinePrintedEvent>(), e => e.Buffer == "svc" && e.Text.StartsWith("SASL login failed", StringComparison.Ordinal));
        Assert.Equal(LineKind.Error, error.Kind);
        Assert.Contains(failed.Parameters[^1], error.Text); // InspIRCd's words: "SASL authentication failed"
        Assert.Contains("SASL authentication failed", error.Text);
    }

    [Fact]
    public async Task Identify_ToNickServAfterConnecting_NetworkShowsTheAccount()
    {
        var (account, password) = (Names.Nick("acct"), "right-" + Guid.NewGuid().ToString("N")[..8]);
        await services.RegisterAsync(account, password);
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(_server, Names.Nick("later"));

        await client.RunAsync($"/msg NickServ IDENTIFY {account} {password}", buffer: network);

        await client.WaitForStateAsync(irc => irc.FindNetwork(network)?.Account, a => a == account, $"we are logged in as {account}");
    }

    [Fact]
    public async Task Connect_NickHeldByAGhostWhileLoggedIn_AsksNickServToRecoverItAndTakesItBack()
    {
        var (account, password) = (Names.Nick("ghost"), "right-" + Guid.NewGuid().ToString("N")[..8]);
        await services.RegisterAsync(account, password);
        // The last connection, not timed out yet: it holds the nick without being logged in.
        await using var ghost = await IrcPeer.ConnectAsync(_server, account);
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name svc --nick {account} --sasl {account}:{password} 127.0.0.1:{_server.Port}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(account + "_", connected.OwnNick);
        // Long before any ghost would time out: services free the nick and the client takes it.
        await client.WaitForEventAsync<NickChangeEvent>(e => e.Network == "svc" && e.IsOwn && e.NewNick == account, TimeSpan.FromSeconds(20), $"the client got {account} back");
        Assert.Equal(account, await client.OwnNickAsync("svc"));
        Assert.Contains(await client.BufferLinesAsync("svc"), l => l.StartsWith($"asking NickServ to RECOVER {account}", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A peer's WHOIS of <paramref name="nick"/> says it is logged in as <paramref name="account"/> (330 RPL_WHOISACCOUNT).</summary>
    private async Task AssertWhoisShowsLoggedInAsync(string nick, string account)
    {
        await using var peer = await IrcPeer.ConnectAsync(_server, Names.Nick("peer"));
        await peer.SendAsync($"WHOIS {nick}");
        var whois = await peer.WaitForAsync("330", l => l[1] == nick, what: $"WHOIS says {nick} is logged in (330)");
        Assert.Equal(account, whois[2]);
    }
}
