using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Integration.Tests;

/// <summary>
/// TLS against a server whose certificate is self-signed: refused by default with an error that says
/// why, accepted when the user says so (--insecure) or pins the certificate's SHA-256.
/// </summary>
public sealed class TlsTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Connect_TlsWithDefaultValidation_FailsWithAnErrorAboutTheCertificate()
    {
        await using var client = await ClientUnderTest.StartAsync();

        await client.ExecuteAsync($"/connect --tls --name strict --nick {Names.Nick("strict")} 127.0.0.1:{server.TlsPort}");

        await client.WaitForEventAsync<RustIrcEvent>(e => e switch
        {
            DisconnectedEvent d => d.Network == "strict" && d.Reason.Contains("certificate", StringComparison.OrdinalIgnoreCase),
            LinePrintedEvent p => p.Kind == LineKind.Error && p.Text.Contains("certificate", StringComparison.OrdinalIgnoreCase),
            _ => false,
        }, what: "the client said the certificate was refused (DisconnectedEvent reason or an error line)");
        await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "strict");
        Assert.DoesNotContain(client.Events, e => e is ConnectedEvent);
        var network = await client.IrcAsync(irc => irc.FindNetwork("strict"));
        Assert.NotEqual(IrcConnectionState.Connected, network?.State);
    }

    [Fact]
    public async Task Connect_TlsWithDefaultValidation_ErrorTellsHowToTrustTheCertificate()
    {
        await using var client = await ClientUnderTest.StartAsync();

        await client.ExecuteAsync($"/connect --tls --name strict --nick {Names.Nick("strict")} 127.0.0.1:{server.TlsPort}");

        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "strict");
        var told = disconnected.Reason + "\n" + string.Join("\n", await client.BufferLinesAsync("strict")) +
                   "\n" + string.Join("\n", await client.BufferLinesAsync("status"));
        Assert.True(told.Contains("--insecure") || told.Contains("AcceptInvalidCertificate", StringComparison.OrdinalIgnoreCase),
            $"Neither the reason nor the buffers name --insecure (or AcceptInvalidCertificate):\n{told}");
        Assert.True(told.Contains("fingerprint", StringComparison.OrdinalIgnoreCase),
            $"Neither the reason nor the buffers mention pinning the certificate's fingerprint:\n{told}");
    }

    [Fact]
    public async Task Connect_TlsInsecure_RegistersOverTls()
    {
        var nick = Names.Nick("insecure");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --tls --insecure --name loose --nick {nick} 127.0.0.1:{server.TlsPort}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "loose");
        Assert.Equal(nick, connected.OwnNick);
        Assert.True((await client.IrcAsync(irc => irc.FindNetwork("loose")))?.Tls);
    }

    [Fact]
    public async Task Connect_TlsWithThePinnedFingerprint_Registers()
    {
        var nick = Names.Nick("pinned");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("peer"));
        await using var client = await ClientUnderTest.StartAsync();

        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions
        {
            Name = "pinned",
            Host = "127.0.0.1",
            Port = server.TlsPort,
            Tls = true,
            CertificateFingerprint = WithColons(server.CertificateSha256), // as openssl x509 -fingerprint prints it
            Nick = nick,
        }));

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "pinned");
        await peer.SendAsync($"WHOIS {nick}");
        await peer.WaitForAsync("671", l => l[1] == nick, what: $"WHOIS says {nick} is on a secure connection (671)");
    }

    [Fact]
    public async Task Connect_TlsWithAnotherCertificatesFingerprint_IsRefused()
    {
        await using var client = await ClientUnderTest.StartAsync();
        var wrong = new string(server.CertificateSha256.Reverse().ToArray());

        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions
        {
            Name = "mispinned",
            Host = "127.0.0.1",
            Port = server.TlsPort,
            Tls = true,
            CertificateFingerprint = wrong,
            Nick = Names.Nick("mispinned"),
        }));

        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "mispinned");
        Assert.Contains("certificate", disconnected.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(client.Events, e => e is ConnectedEvent);
    }

    private static string WithColons(string hex) => string.Join(":", hex.Chunk(2).Select(c => new string(c)));
}
