namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>How a <see cref="FakeIrcServer"/> answers registration; the defaults register any client at once.</summary>
internal sealed record FakeServerOptions
{
    /// <summary>The port to listen on; 0 picks a free one. A second server on the port of a first (which stops listening once its client came) takes that client's reconnect.</summary>
    public int Port { get; init; }

    /// <summary>Reply to CAP LS; when false the server holds registration until the client gives up and sends CAP END.</summary>
    public bool AnswerCap { get; init; } = true;

    /// <summary>The capabilities offered in CAP LS, space-separated (values allowed: <c>sasl=PLAIN,EXTERNAL</c>).</summary>
    public string Capabilities { get; init; } = "";

    /// <summary>When set, CAP LS is answered in several lines (<c>CAP * LS * :…</c>), one per entry, instead of <see cref="Capabilities"/>.</summary>
    public IReadOnlyList<string>? CapabilityLines { get; init; }

    /// <summary>How many NICK commands are refused with 433 before one is accepted.</summary>
    public int RefusedNicks { get; init; }

    /// <summary>The numeric those refusals carry: 433 (in use), or 432 (erroneous) and the like.</summary>
    public int NickRefusal { get; init; } = 433;

    /// <summary>Nicks someone else holds: refused with 433 before registration and after.</summary>
    public IReadOnlyList<string> HeldNicks { get; init; } = [];

    /// <summary>The RPL_ISUPPORT tokens sent after 004.</summary>
    public IReadOnlyList<string> ISupport { get; init; } = ["CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(ov)@+", "NETWORK=FakeNet"];

    /// <summary>The SASL PLAIN payload accepted (authzid, authcid and password joined by NUL).</summary>
    public string SaslPlainCredentials { get; init; } = "user\0user\0pass";

    /// <summary>The account a client is logged in as after SASL EXTERNAL.</summary>
    public string ExternalAccount { get; init; } = "certuser";
}
