using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RustIrc.Integration.Tests.Infrastructure;

namespace RustIrc.Integration.Tests;

/// <summary>
/// The test server itself, without RustIrc: two plain clients can talk through it, and its TLS port
/// serves the generated certificate. If these fail, every other test here fails for the same reason.
/// </summary>
public sealed class ServerFixtureTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Privmsg_TwoPeersInOneChannel_TheOtherReceivesItWithTheSendersMask()
    {
        var channel = Names.Channel("smoke");
        await using var alice = await IrcPeer.ConnectAsync(server, Names.Nick("alice"));
        await using var bob = await IrcPeer.ConnectAsync(server, Names.Nick("bob"));
        await alice.JoinAsync(channel);
        await bob.JoinAsync(channel);

        await alice.SendAsync($"PRIVMSG {channel} :hello from alice");

        var line = await bob.WaitForAsync("PRIVMSG", l => l.Last == "hello from alice");
        Assert.Equal(alice.Nick, line.Nick);
        Assert.Equal(alice.Nick, line.User);
        Assert.Equal("127.0.0.1", line.Host);
        Assert.Equal(channel, line[0]);
    }

    [Fact]
    public async Task TlsPort_CertificatePinnedBySha256_HandshakesAndRegisters()
    {
        SslPolicyErrors defaultVerdict = SslPolicyErrors.None;
        string? presented = null;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, errors) =>
        {
            defaultVerdict = errors;
            presented = certificate is null ? null : Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
            return presented == server.CertificateSha256;
        });

        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync(Encoding.UTF8.GetBytes("NICK tlsprobe\r\nUSER tlsprobe 0 * :probe\r\n"));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(IrcPeer.DefaultTimeout);
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && IrcLine.Parse(line).Command != "001");

        Assert.Equal(server.CertificateSha256, presented);
        // Self-signed: nobody trusts it by default, which the client's TLS tests rely on.
        Assert.True(defaultVerdict.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors), $"default validation said {defaultVerdict}");
        Assert.NotNull(line);
        Assert.Contains("tlsprobe", line);
    }
}
