using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>A self-signed TLS client certificate, as a user makes one for CertFP and SASL EXTERNAL.</summary>
public static class ClientCertificate
{
    /// <summary>
    /// Writes a new certificate and its key into one PEM file in <paramref name="folder"/> (the form
    /// the client's <c>--cert</c> takes); returns the path and the certificate's SHA-256, upper-case hex.
    /// </summary>
    public static (string Path, string Sha256) Write(string folder, string name = "client")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=rustirc-test-{name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // clientAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var path = System.IO.Path.Combine(folder, name + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return (path, Convert.ToHexString(SHA256.HashData(certificate.RawData)));
    }
}
