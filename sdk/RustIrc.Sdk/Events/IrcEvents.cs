namespace RustIrc.Sdk.Events;

/// <summary>Registration finished (001 received): the client can talk on <see cref="IrcEvent.Network"/>.</summary>
public sealed record ConnectedEvent : IrcEvent
{
    /// <summary>Host and port the client connected to.</summary>
    public required string Server { get; init; }

    /// <summary>The nick the server confirmed.</summary>
    public required string OwnNick { get; init; }
}

/// <summary>The connection ended, cleanly or not.</summary>
public sealed record DisconnectedEvent : IrcEvent
{
    /// <summary>Why, in words a user understands.</summary>
    public required string Reason { get; init; }

    /// <summary>Whether the client will try to reconnect by itself.</summary>
    public bool WillReconnect { get; init; }
}

/// <summary>A PRIVMSG to a channel or to us.</summary>
public sealed record MessageEvent : IrcEvent
{
    /// <summary>Where it was sent: a channel, or our own nick for a private message.</summary>
    public required string Target { get; init; }

    /// <summary>The text, without IRC framing.</summary>
    public required string Text { get; init; }

    /// <summary>True when it is our own message echoed back (IRCv3 echo-message) or sent by us.</summary>
    public bool IsOwn { get; init; }
}

/// <summary>A NOTICE.</summary>
public sealed record NoticeEvent : IrcEvent
{
    /// <summary>Where it was sent.</summary>
    public required string Target { get; init; }

    /// <summary>The text.</summary>
    public required string Text { get; init; }
}

/// <summary>A CTCP ACTION (<c>/me</c>).</summary>
public sealed record ActionEvent : IrcEvent
{
    /// <summary>Where it was sent.</summary>
    public required string Target { get; init; }

    /// <summary>The action text, without the CTCP framing.</summary>
    public required string Text { get; init; }

    /// <summary>True when we sent it.</summary>
    public bool IsOwn { get; init; }
}

/// <summary>A CTCP request other than ACTION (VERSION, PING, TIME, …).</summary>
public sealed record CtcpRequestEvent : IrcEvent
{
    /// <summary>Where it was sent.</summary>
    public required string Target { get; init; }

    /// <summary>The CTCP command, upper-case.</summary>
    public required string Command { get; init; }

    /// <summary>Everything after the command, possibly empty.</summary>
    public string Arguments { get; init; } = "";
}

/// <summary>A CTCP reply (sent in a NOTICE).</summary>
public sealed record CtcpReplyEvent : IrcEvent
{
    /// <summary>Where it was sent.</summary>
    public required string Target { get; init; }

    /// <summary>The CTCP command, upper-case.</summary>
    public required string Command { get; init; }

    /// <summary>The reply text.</summary>
    public string Arguments { get; init; } = "";
}

/// <summary>Someone (perhaps us) joined a channel.</summary>
public sealed record JoinEvent : IrcEvent
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>The account name, from IRCv3 extended-join; null when unknown or logged out.</summary>
    public string? Account { get; init; }

    /// <summary>The real name, from IRCv3 extended-join.</summary>
    public string? RealName { get; init; }
}

/// <summary>Someone left a channel.</summary>
public sealed record PartEvent : IrcEvent
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>The part message, if any.</summary>
    public string? Reason { get; init; }
}

/// <summary>Someone was kicked from a channel; <see cref="IrcEvent.Nick"/> is who kicked.</summary>
public sealed record KickEvent : IrcEvent
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Who was kicked.</summary>
    public required string KickedNick { get; init; }

    /// <summary>The kick message, if any.</summary>
    public string? Reason { get; init; }
}

/// <summary>Someone quit IRC.</summary>
public sealed record QuitEvent : IrcEvent
{
    /// <summary>The quit message, if any.</summary>
    public string? Reason { get; init; }

    /// <summary>The channels we shared with them (where frontends show the quit).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
}

/// <summary>Someone changed nick; <see cref="IrcEvent.Nick"/> is the old one.</summary>
public sealed record NickChangeEvent : IrcEvent
{
    /// <summary>The new nick.</summary>
    public required string NewNick { get; init; }

    /// <summary>The channels we share with them (where frontends show the change).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>True when it is our own nick that changed.</summary>
    public bool IsOwn { get; init; }
}

/// <summary>A channel topic was set, changed or reported on join.</summary>
public sealed record TopicEvent : IrcEvent
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>The topic; empty when it was cleared.</summary>
    public required string Topic { get; init; }
}

/// <summary>A MODE change on a channel or a user.</summary>
public sealed record ModeEvent : IrcEvent
{
    /// <summary>The channel or nick whose modes changed.</summary>
    public required string Target { get; init; }

    /// <summary>The mode string, e.g. <c>+ov-b</c>.</summary>
    public required string Modes { get; init; }

    /// <summary>The mode arguments in order.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}

/// <summary>We (or, with invite-notify, someone) were invited to a channel.</summary>
public sealed record InviteEvent : IrcEvent
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Who was invited.</summary>
    public required string InvitedNick { get; init; }
}

/// <summary>Someone went away or came back (IRCv3 away-notify, or 301/305/306).</summary>
public sealed record AwayEvent : IrcEvent
{
    /// <summary>The away message; null when they came back.</summary>
    public string? Message { get; init; }
}

/// <summary>Someone logged in or out of an account (IRCv3 account-notify).</summary>
public sealed record AccountEvent : IrcEvent
{
    /// <summary>The account name; null when they logged out.</summary>
    public string? Account { get; init; }
}

/// <summary>A numeric reply (001–999) from the server.</summary>
public sealed record NumericEvent : IrcEvent
{
    /// <summary>The three-digit code.</summary>
    public required int Code { get; init; }

    /// <summary>The parameters, the first usually being our nick.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];
}

/// <summary>Every line as it crossed the wire, in or out, after the raw-line modifiers ran.</summary>
public sealed record RawLineEvent : IrcEvent
{
    /// <summary>The line without CR LF.</summary>
    public required string Line { get; init; }

    /// <summary>True for lines the client sent.</summary>
    public bool Outgoing { get; init; }
}
