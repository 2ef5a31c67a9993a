namespace RustIrc.Sdk.Irc;

/// <summary>How to reach and register on one network. Also the shape of a network in the config file.</summary>
public sealed record IrcNetworkOptions
{
    /// <summary>The name the user knows the network by; buffers are named after it.</summary>
    public required string Name { get; init; }

    /// <summary>Server host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>Server port; 0 means the usual one (6697 with TLS, 6667 without).</summary>
    public int Port { get; init; }

    /// <summary>Connect with TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// Accept a server certificate that does not validate (self-signed, wrong name, expired). Off by
    /// default: an invalid certificate ends the connection with an error naming this option and
    /// <see cref="CertificateFingerprint"/>.
    /// </summary>
    public bool AcceptInvalidCertificate { get; init; }

    /// <summary>
    /// SHA-256 fingerprint (hex, colons optional) of the one server certificate to trust even though it
    /// does not validate: pinning a self-signed certificate.
    /// </summary>
    public string? CertificateFingerprint { get; init; }

    /// <summary>A client certificate (PEM file with certificate and key, or PKCS#12) for SASL EXTERNAL / CertFP.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>The nick to ask for.</summary>
    public required string Nick { get; init; }

    /// <summary>Nicks to try when the first is taken; after them, the nick with <c>_</c> appended.</summary>
    public IReadOnlyList<string> AlternativeNicks { get; init; } = [];

    /// <summary>The user name (ident); the nick when null.</summary>
    public string? UserName { get; init; }

    /// <summary>The real name; "RustIrc user" when null.</summary>
    public string? RealName { get; init; }

    /// <summary>The server password (PASS), if the server wants one.</summary>
    public string? Password { get; init; }

    /// <summary>SASL mechanism: <c>PLAIN</c>, <c>EXTERNAL</c>, or null for none.</summary>
    public string? SaslMechanism { get; init; }

    /// <summary>Account name for SASL PLAIN.</summary>
    public string? SaslUser { get; init; }

    /// <summary>Password for SASL PLAIN.</summary>
    public string? SaslPassword { get; init; }

    /// <summary>Channels to join once registered (and again after a reconnect); <c>#chan key</c> for keyed channels.</summary>
    public IReadOnlyList<string> AutoJoin { get; init; } = [];

    /// <summary>Reconnect (with backoff) when the connection drops.</summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>Lines that may be sent at once before flood control starts spacing them.</summary>
    public int FloodBurst { get; init; } = 5;

    /// <summary>Lines per second flood control lets through after the burst; 0 turns flood control off.</summary>
    public double FloodRate { get; init; } = 2;

    /// <summary>The port actually used.</summary>
    public int EffectivePort => Port != 0 ? Port : Tls ? 6697 : 6667;
}
