namespace RustIrc.Sdk.Events;

/// <summary>Base of every event carried by the event bus.</summary>
public abstract record RustIrcEvent
{
    /// <summary>When it happened: the IRCv3 <c>server-time</c> tag when the server sent one, else when the client saw it.</summary>
    public DateTimeOffset Time { get; init; } = EventClock.Now;

    /// <summary>
    /// This event as an extension without <c>irc.credentials</c> receives it: a copy of the same type with
    /// passwords and login payloads masked (<see cref="Irc.IrcCredentials"/>), or null when it holds none.
    /// Set by whoever publishes it; the event bus hands the copy instead of the event to every handler and
    /// observer whose extension lacks the permission.
    /// </summary>
    public RustIrcEvent? WithoutCredentials { get; init; }
}

/// <summary>
/// An event that came from (or went to) an IRC network. The source is split into nick, user and host;
/// for events the server itself sent, <see cref="Nick"/> holds the server name.
/// </summary>
public abstract record IrcEvent : RustIrcEvent
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>The network's name as configured (e.g. <c>libera</c>), never null.</summary>
    public required string Network { get; init; }

    /// <summary>IRCv3 message tags, unescaped; a tag sent without a value maps to the empty string.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = NoTags;

    /// <summary>Nick of the source, or the server name for server messages; null when the line had no source.</summary>
    public string? Nick { get; init; }

    /// <summary>User (ident) of the source, when known.</summary>
    public string? User { get; init; }

    /// <summary>Host of the source, when known.</summary>
    public string? Host { get; init; }
}

/// <summary>An event the client itself raises (user input, buffers, extensions coming and going).</summary>
public abstract record ClientEvent : RustIrcEvent;
