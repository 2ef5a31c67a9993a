namespace RustIrc.Sdk.Irc;

/// <summary>Where a network's connection stands.</summary>
public enum IrcConnectionState
{
    /// <summary>Not connected and not trying.</summary>
    Disconnected,
    /// <summary>Opening the TCP/TLS connection.</summary>
    Connecting,
    /// <summary>Connected; CAP, SASL, NICK/USER under way.</summary>
    Registering,
    /// <summary>Registered (001 received).</summary>
    Connected,
    /// <summary>Waiting before the next connection attempt.</summary>
    WaitingToReconnect,
}

/// <summary>A snapshot of one network.</summary>
public sealed record IrcNetworkInfo
{
    /// <summary>The user's name for it.</summary>
    public required string Name { get; init; }

    /// <summary>host:port.</summary>
    public required string Server { get; init; }

    /// <summary>Connection state.</summary>
    public required IrcConnectionState State { get; init; }

    /// <summary>Our nick (the requested one until registered).</summary>
    public required string Nick { get; init; }

    /// <summary>Whether the connection uses TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>The network's own name from ISUPPORT NETWORK, when sent.</summary>
    public string? NetworkName { get; init; }

    /// <summary>The server's CASEMAPPING.</summary>
    public CaseMapping CaseMapping { get; init; }

    /// <summary>The last measured round trip to the server, when measured.</summary>
    public TimeSpan? Lag { get; init; }

    /// <summary>The IRCv3 capabilities in effect.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>ISUPPORT tokens (005) as sent; a token without a value maps to "".</summary>
    public IReadOnlyDictionary<string, string> ISupport { get; init; } = new Dictionary<string, string>();

    /// <summary>The account we are logged in as (SASL), if any.</summary>
    public string? Account { get; init; }

    /// <summary>Whether we are marked away.</summary>
    public bool Away { get; init; }
}

/// <summary>A snapshot of one channel we are on.</summary>
public sealed record IrcChannelInfo
{
    /// <summary>The network.</summary>
    public required string Network { get; init; }

    /// <summary>The channel name as the server spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The topic, empty when none.</summary>
    public string Topic { get; init; } = "";

    /// <summary>Who set the topic, when known.</summary>
    public string? TopicSetBy { get; init; }

    /// <summary>Channel modes with their arguments, e.g. <c>+ntk secret</c>; empty until known.</summary>
    public string Modes { get; init; } = "";

    /// <summary>How many members the channel has.</summary>
    public int MemberCount { get; init; }
}

/// <summary>A snapshot of one channel member.</summary>
public sealed record IrcMemberInfo
{
    /// <summary>The nick.</summary>
    public required string Nick { get; init; }

    /// <summary>Status prefixes, highest first (e.g. <c>@+</c>); empty for none.</summary>
    public string Prefixes { get; init; } = "";

    /// <summary>User (ident), when known.</summary>
    public string? User { get; init; }

    /// <summary>Host, when known.</summary>
    public string? Host { get; init; }

    /// <summary>Account, when known (extended-join, account-notify).</summary>
    public string? Account { get; init; }

    /// <summary>Whether they are away, when known (away-notify).</summary>
    public bool Away { get; init; }
}
