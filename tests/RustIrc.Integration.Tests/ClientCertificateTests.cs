using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Integration.Tests;

/// <summary>
/// A client certificate (what SASL EXTERNAL and CertFP services use) presented over TLS: the server sees
/// its fingerprint. A file that is not a certificate is refused with a message saying what it must be.
/// </summary>
public sealed class ClientCertificateTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rustirc-clientcert-").FullName;

    [Fact]
    public async Task Connect_WithAClientCertificate_ServerSeesItsFingerprint()
    {
        var (path, sha256) = ClientCertificate.Write(_folder);
        var nick = Names.Nick("certfp");
        await using var client = await ClientUnderTest.StartAsync();

        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions
        {
            Name = "certfp",
            Host = "127.0.0.1",
            Port = server.TlsPort,
            Tls = true,
            CertificateFingerprint = server.CertificateSha256,
            ClientCertificate = path,
            Nick = nick,
        }));
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "certfp");
        await client.RunAsync($"/whois {nick}", buffer: "certfp");

        // 276 RPL_WHOISCERTFP: <me> <nick> :has TLS client certificate fingerprint <hex>
        var certfp = await client.WaitForEventAsync<NumericEvent>(e => e.Code == 276, what: "WHOIS shows a certificate fingerprint (276)");
        Assert.Contains(sha256, certfp.Parameters[^1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_ClientCertificateFileIsNotACertificate_SaysWhatItMustBe()
    {
        var path = Path.Combine(_folder, "not-a-cert.pem");
        File.WriteAllText(path, "hello");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --tls --insecure --cert {path} --name badcert --nick {Names.Nick("badcert")} 127.0.0.1:{server.TlsPort}");

        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "badcert");
        Assert.Contains("client certificate", disconnected.Reason);
        Assert.Contains("PEM file with the certificate and its key", disconnected.Reason);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
