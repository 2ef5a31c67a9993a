using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A self-signed RSA 2048 server certificate for 127.0.0.1 and localhost, made fresh for each server.
/// No client trusts it by default, which is exactly what the TLS tests need: validation fails unless
/// the client accepts invalid certificates or pins this one's SHA-256 fingerprint.
/// </summary>
internal sealed class ServerCertificate
{
    private ServerCertificate(string certificatePem, string privateKeyPem, byte[] der)
    {
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
        Sha256 = Convert.ToHexString(SHA256.HashData(der));
    }

    /// <summary>The certificate, PEM-encoded.</summary>
    public string CertificatePem { get; }

    /// <summary>The private key as PKCS#1 PEM, the form GnuTLS reads everywhere.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>SHA-256 of the DER certificate, upper-case hex without separators.</summary>
    public string Sha256 { get; }

    public static ServerCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        return new ServerCertificate(certificate.ExportCertificatePem(), key.ExportRSAPrivateKeyPem(), certificate.RawData);
    }
}
