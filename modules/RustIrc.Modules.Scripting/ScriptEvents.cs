using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// The events scripts can listen to, by the name they use in <c>irc.on(name, fn)</c>, and how each becomes
/// a plain table: <c>server</c>, <c>nick</c>, <c>user</c>, <c>host</c>, <c>channel</c>/<c>target</c>,
/// <c>text</c>, <c>tags</c>, <c>time</c> and whatever else the event carries.
/// </summary>
internal static class ScriptEvents
{
    /// <summary>Subscribes <paramref name="handler"/> to the event named <paramref name="name"/>; null when no such event.</summary>
    public static IDisposable? Subscribe(IEventBus bus, string name, Func<ScriptEventTable, bool> handler, int priority) => name switch
    {
        "connected" => On<ConnectedEvent>(bus, handler, priority, e => Irc(e, ("server_address", e.Server), ("my_nick", e.OwnNick))),
        "disconnected" => On<DisconnectedEvent>(bus, handler, priority, e => Irc(e, ("reason", e.Reason), ("will_reconnect", e.WillReconnect))),
        "message" => On<MessageEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("channel", e.Target), ("text", e.Text), ("own", e.IsOwn))),
        "notice" => On<NoticeEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("channel", e.Target), ("text", e.Text))),
        "action" => On<ActionEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("channel", e.Target), ("text", e.Text), ("own", e.IsOwn))),
        "ctcp" => On<CtcpRequestEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("command", e.Command), ("text", e.Arguments))),
        "ctcp_reply" => On<CtcpReplyEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("command", e.Command), ("text", e.Arguments))),
        "join" => On<JoinEvent>(bus, handler, priority, e => Irc(e, ("channel", e.Channel), ("account", e.Account), ("realname", e.RealName))),
        "part" => On<PartEvent>(bus, handler, priority, e => Irc(e, ("channel", e.Channel), ("text", e.Reason))),
        "kick" => On<KickEvent>(bus, handler, priority, e => Irc(e, ("channel", e.Channel), ("kicked", e.KickedNick), ("text", e.Reason))),
        "quit" => On<QuitEvent>(bus, handler, priority, e => Irc(e, ("text", e.Reason), ("channels", e.Channels))),
        "nick" => On<NickChangeEvent>(bus, handler, priority, e => Irc(e, ("new_nick", e.NewNick), ("channels", e.Channels), ("own", e.IsOwn))),
        "topic" => On<TopicEvent>(bus, handler, priority, e => Irc(e, ("channel", e.Channel), ("text", e.Topic))),
        "mode" => On<ModeEvent>(bus, handler, priority, e => Irc(e, ("target", e.Target), ("channel", e.Target), ("modes", e.Modes), ("args", e.Arguments))),
        "invite" => On<InviteEvent>(bus, handler, priority, e => Irc(e, ("channel", e.Channel), ("invited", e.InvitedNick))),
        "away" => On<AwayEvent>(bus, handler, priority, e => Irc(e, ("text", e.Message))),
        "account" => On<AccountEvent>(bus, handler, priority, e => Irc(e, ("account", e.Account))),
        "numeric" => On<NumericEvent>(bus, handler, priority, e => Irc(e, ("code", (long)e.Code), ("params", e.Parameters))),
        "raw" => On<RawLineEvent>(bus, handler, priority, e => Irc(e, ("line", e.Line), ("outgoing", e.Outgoing))),
        "tab_switch" => On<TabSwitchEvent>(bus, handler, priority, e => Client(e, ("from", e.From), ("to", e.To))),
        // A script may see every command but not swallow the ones that manage it: it must never be able to
        // lock the user out of /lua, /module, /help or /quit.
        "command" => bus.Subscribe<CommandEvent>(e => handler(Client(e, ("name", e.Name), ("text", e.Arguments), ("buffer", e.Buffer)))
            && !ProtectedCommands.Contains(e.Name) ? EventResult.Eat : EventResult.Continue, priority),
        "input" => On<InputEvent>(bus, handler, priority, e => Client(e, ("buffer", e.Buffer), ("text", e.Text))),
        "load" => On<ExtensionLoadedEvent>(bus, handler, priority, e => Client(e, ("extension", e.Extension.ToString()), ("version", e.Version))),
        "unload" => On<ExtensionUnloadedEvent>(bus, handler, priority, e => Client(e, ("extension", e.Extension.ToString()), ("reason", e.Reason))),
        _ => null,
    };

    private static readonly HashSet<string> ProtectedCommands = new(StringComparer.OrdinalIgnoreCase) { "lua", "python", "module", "help", "quit" };

    /// <summary>Every event name a script can use, for errors and docs.</summary>
    public static readonly string[] Names =
    [
        "connected", "disconnected", "message", "notice", "action", "ctcp", "ctcp_reply", "join", "part", "kick", "quit", "nick",
        "topic", "mode", "invite", "away", "account", "numeric", "raw", "tab_switch", "command", "input", "load", "unload",
    ];

    private static IDisposable On<TEvent>(IEventBus bus, Func<ScriptEventTable, bool> handler, int priority, Func<TEvent, ScriptEventTable> table)
        where TEvent : RustIrcEvent =>
        bus.Subscribe<TEvent>(e => handler(table(e)) ? EventResult.Eat : EventResult.Continue, priority);

    private static ScriptEventTable Irc(IrcEvent e, params (string Key, object? Value)[] fields)
    {
        var table = new KeyValuePair<string, object?>[6 + fields.Length];
        table[0] = new("server", e.Network);
        table[1] = new("nick", e.Nick);
        table[2] = new("user", e.User);
        table[3] = new("host", e.Host);
        table[4] = new("tags", e.Tags);
        table[5] = new("time", e.Time.ToUnixTimeMilliseconds() / 1000.0);
        for (var i = 0; i < fields.Length; i++) table[6 + i] = new(fields[i].Key, fields[i].Value);
        return new ScriptEventTable(table);
    }

    private static ScriptEventTable Client(ClientEvent e, params (string Key, object? Value)[] fields)
    {
        var table = new KeyValuePair<string, object?>[1 + fields.Length];
        table[0] = new("time", e.Time.ToUnixTimeMilliseconds() / 1000.0);
        for (var i = 0; i < fields.Length; i++) table[1 + i] = new(fields[i].Key, fields[i].Value);
        return new ScriptEventTable(table);
    }
}

/// <summary>
/// An event as a script sees it: a small fixed list of named fields, which an engine turns into its own
/// table. A list rather than a dictionary: it is built for every event a script listens to, and a handful
/// of fields is found faster by looking than by hashing.
/// </summary>
public sealed class ScriptEventTable(KeyValuePair<string, object?>[] fields)
{
    /// <summary>The fields in order.</summary>
    public KeyValuePair<string, object?>[] Fields { get; } = fields;

    /// <summary>The value of a field, or null.</summary>
    public object? this[string key]
    {
        get
        {
            foreach (var field in Fields)
            {
                if (field.Key == key) return field.Value;
            }
            return null;
        }
    }
}
