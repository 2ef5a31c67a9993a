using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// The events scripts can listen to, by the name they use in <c>irc.on(name, fn)</c>, and how each becomes
/// a plain table: <c>server</c>, <c>nick</c>, <c>user</c>, <c>host</c>, <c>channel</c>/<c>target</c>,
/// <c>text</c>, <c>tags</c>, <c>time</c> and whatever else the event carries.
/// </summary>
internal static class ScriptEvents
{
    /// <summary>
    /// Subscribes <paramref name="handler"/> to the event named <paramref name="name"/>; null when no such event.
    /// <paramref name="channelOf"/> gives the channel a target on a network names, or null: a message to us
    /// has our nick as its target, and no <c>channel</c>; one to <c>@#chan</c> has the channel <c>#chan</c>.
    /// </summary>
    public static IDisposable? Subscribe(IEventBus bus, string name, Func<string, string, string?> channelOf, Func<ScriptEventTable, bool> handler, int priority) => name switch
    {
        "connected" => On<ConnectedEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Connected, e, e.Server, e.OwnNick)),
        "disconnected" => On<DisconnectedEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Disconnected, e, e.Reason, Box(e.WillReconnect))),
        "message" => On<MessageEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Message, e, e.Target, channelOf(e.Network, e.Target), e.Text, Box(e.IsOwn))),
        "notice" => On<NoticeEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Notice, e, e.Target, channelOf(e.Network, e.Target), e.Text)),
        "action" => On<ActionEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Action, e, e.Target, channelOf(e.Network, e.Target), e.Text, Box(e.IsOwn))),
        "ctcp" => On<CtcpRequestEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Ctcp, e, e.Target, e.Command, e.Arguments)),
        "ctcp_reply" => On<CtcpReplyEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Ctcp, e, e.Target, e.Command, e.Arguments)),
        "join" => On<JoinEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Join, e, e.Channel, e.Account, e.RealName)),
        "part" => On<PartEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Part, e, e.Channel, e.Reason)),
        "kick" => On<KickEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Kick, e, e.Channel, e.KickedNick, e.Reason)),
        "quit" => On<QuitEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Quit, e, e.Reason, e.Channels)),
        "nick" => On<NickChangeEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Nick, e, e.NewNick, e.Channels, Box(e.IsOwn))),
        "topic" => On<TopicEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Topic, e, e.Channel, e.Topic)),
        "mode" => On<ModeEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Mode, e, e.Target, channelOf(e.Network, e.Target), e.Modes, e.Arguments)),
        "invite" => On<InviteEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Invite, e, e.Channel, e.InvitedNick)),
        "away" => On<AwayEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Away, e, e.Message)),
        "account" => On<AccountEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Account, e, e.Account)),
        "numeric" => On<NumericEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Numeric, e, (long)e.Code, e.Parameters)),
        "raw" => On<RawLineEvent>(bus, handler, priority, (e, t) => Irc(t, Shapes.Raw, e, e.Line, Box(e.Outgoing))),
        "tab_switch" => On<TabSwitchEvent>(bus, handler, priority, (e, t) => Client(t, Shapes.TabSwitch, e, e.From, e.To)),
        // Eating a protected command (/lua, /module, /help, /quit…) does not stop it: the registry sees to that.
        "command" => bus.Subscribe<CommandEvent>(e => handler(Client(null, Shapes.Command, e, e.Name, e.Arguments, e.Buffer)) ? EventResult.Eat : EventResult.Continue, priority),
        "input" => On<InputEvent>(bus, handler, priority, (e, t) => Client(t, Shapes.Input, e, e.Buffer, e.Text)),
        "load" => On<ExtensionLoadedEvent>(bus, handler, priority, (e, t) => Client(t, Shapes.Load, e, e.Extension.ToString(), e.Version)),
        "unload" => On<ExtensionUnloadedEvent>(bus, handler, priority, (e, t) => Client(t, Shapes.Unload, e, e.Extension.ToString(), e.Reason)),
        _ => null,
    };

    /// <summary>
    /// Subscribes <paramref name="handler"/> to the events named <paramref name="name"/> as they are, for an
    /// engine that reads them itself (native plugins); null when no such event. True from the handler eats it.
    /// </summary>
    public static IDisposable? SubscribeEvents(IEventBus bus, string name, Func<RustIrcEvent, bool> handler, int priority) => name switch
    {
        "connected" => Raw<ConnectedEvent>(bus, handler, priority),
        "disconnected" => Raw<DisconnectedEvent>(bus, handler, priority),
        "message" => Raw<MessageEvent>(bus, handler, priority),
        "notice" => Raw<NoticeEvent>(bus, handler, priority),
        "action" => Raw<ActionEvent>(bus, handler, priority),
        "ctcp" => Raw<CtcpRequestEvent>(bus, handler, priority),
        "ctcp_reply" => Raw<CtcpReplyEvent>(bus, handler, priority),
        "join" => Raw<JoinEvent>(bus, handler, priority),
        "part" => Raw<PartEvent>(bus, handler, priority),
        "kick" => Raw<KickEvent>(bus, handler, priority),
        "quit" => Raw<QuitEvent>(bus, handler, priority),
        "nick" => Raw<NickChangeEvent>(bus, handler, priority),
        "topic" => Raw<TopicEvent>(bus, handler, priority),
        "mode" => Raw<ModeEvent>(bus, handler, priority),
        "invite" => Raw<InviteEvent>(bus, handler, priority),
        "away" => Raw<AwayEvent>(bus, handler, priority),
        "account" => Raw<AccountEvent>(bus, handler, priority),
        "numeric" => Raw<NumericEvent>(bus, handler, priority),
        "raw" => Raw<RawLineEvent>(bus, handler, priority),
        "tab_switch" => Raw<TabSwitchEvent>(bus, handler, priority),
        "command" => Raw<CommandEvent>(bus, handler, priority),
        "input" => Raw<InputEvent>(bus, handler, priority),
        "load" => Raw<ExtensionLoadedEvent>(bus, handler, priority),
        "unload" => Raw<ExtensionUnloadedEvent>(bus, handler, priority),
        _ => null,
    };

    private static IDisposable Raw<TEvent>(IEventBus bus, Func<RustIrcEvent, bool> handler, int priority) where TEvent : RustIrcEvent =>
        bus.Subscribe<TEvent>(e => handler(e) ? EventResult.Eat : EventResult.Continue, priority);

    /// <summary>The fields of each kind of event table, in order; IRC events start with the six of <see cref="IrcFields"/>.</summary>
    private static class Shapes
    {
        public static readonly ScriptEventShape Connected = Irc("server_address", "my_nick");
        public static readonly ScriptEventShape Disconnected = Irc("reason", "will_reconnect");
        public static readonly ScriptEventShape Message = Irc("target", "channel", "text", "own");
        public static readonly ScriptEventShape Notice = Irc("target", "channel", "text");
        public static readonly ScriptEventShape Action = Irc("target", "channel", "text", "own");
        public static readonly ScriptEventShape Ctcp = Irc("target", "command", "text");
        public static readonly ScriptEventShape Join = Irc("channel", "account", "realname");
        public static readonly ScriptEventShape Part = Irc("channel", "text");
        public static readonly ScriptEventShape Kick = Irc("channel", "kicked", "text");
        public static readonly ScriptEventShape Quit = Irc("text", "channels");
        public static readonly ScriptEventShape Nick = Irc("new_nick", "channels", "own");
        public static readonly ScriptEventShape Topic = Irc("channel", "text");
        public static readonly ScriptEventShape Mode = Irc("target", "channel", "modes", "args");
        public static readonly ScriptEventShape Invite = Irc("channel", "invited");
        public static readonly ScriptEventShape Away = Irc("text");
        public static readonly ScriptEventShape Account = Irc("account");
        public static readonly ScriptEventShape Numeric = Irc("code", "params");
        public static readonly ScriptEventShape Raw = Irc("line", "outgoing");
        public static readonly ScriptEventShape TabSwitch = Client("from", "to");
        public static readonly ScriptEventShape Command = Client("name", "text", "buffer");
        public static readonly ScriptEventShape Input = Client("buffer", "text");
        public static readonly ScriptEventShape Load = Client("extension", "version");
        public static readonly ScriptEventShape Unload = Client("extension", "reason");

        private static ScriptEventShape Irc(params string[] fields) => new([.. IrcFields, .. fields]);

        private static ScriptEventShape Client(params string[] fields) => new(["time", .. fields]);
    }

    /// <summary>The fields every IRC event table starts with.</summary>
    private static readonly string[] IrcFields = ["server", "nick", "user", "host", "tags", "time"];

    // Booleans boxed once: a table is built for every event a script listens to.
    private static readonly object True = true, False = false;

    private static object Box(bool value) => value ? True : False;

    /// <summary>Every event name a script can use, for errors and docs.</summary>
    public static readonly string[] Names =
    [
        "connected", "disconnected", "message", "notice", "action", "ctcp", "ctcp_reply", "join", "part", "kick", "quit", "nick",
        "topic", "mode", "invite", "away", "account", "numeric", "raw", "tab_switch", "command", "input", "load", "unload",
    ];

    private static IDisposable On<TEvent>(IEventBus bus, Func<ScriptEventTable, bool> handler, int priority, Func<TEvent, ScriptEventTable?, ScriptEventTable> table)
        where TEvent : RustIrcEvent
    {
        // One table per subscription, filled again for each event (engines copy what they keep, see
        // ScriptEventTable); taken while in use, so that an event published from inside the handler gets its own.
        ScriptEventTable? spare = null;
        return bus.Subscribe<TEvent>(e =>
        {
            var current = table(e, spare);
            spare = null;
            try
            {
                return handler(current) ? EventResult.Eat : EventResult.Continue;
            }
            finally
            {
                spare = current;
            }
        }, priority);
    }

    /// <summary>An IRC event's table: <paramref name="reuse"/> filled again when there is one (of this shape), else a new one.</summary>
    private static ScriptEventTable Irc(ScriptEventTable? reuse, ScriptEventShape shape, IrcEvent e, object? a = null, object? b = null, object? c = null, object? d = null)
    {
        var table = reuse ?? new ScriptEventTable(shape, new object?[shape.Count]);
        var values = table.Writable;
        values[0] = e.Network;
        values[1] = e.Nick;
        values[2] = e.User;
        values[3] = e.Host;
        values[4] = e.Tags;
        values[5] = Seconds(e.Time);
        Fill(values, 6, a, b, c, d);
        return table;
    }

    private static ScriptEventTable Client(ScriptEventTable? reuse, ScriptEventShape shape, ClientEvent e, object? a = null, object? b = null, object? c = null)
    {
        var table = reuse ?? new ScriptEventTable(shape, new object?[shape.Count]);
        var values = table.Writable;
        values[0] = Seconds(e.Time);
        Fill(values, 1, a, b, c, null);
        return table;
    }

    private static void Fill(object?[] values, int first, object? a, object? b, object? c, object? d)
    {
        if (values.Length > first) values[first] = a;
        if (values.Length > first + 1) values[first + 1] = b;
        if (values.Length > first + 2) values[first + 2] = c;
        if (values.Length > first + 3) values[first + 3] = d;
    }

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}

/// <summary>
/// The field names of one kind of event table, in order; one shared instance per kind, so an engine can
/// prepare what it needs for a shape once (its key strings) and find it again by <see cref="Id"/>.
/// </summary>
public sealed class ScriptEventShape
{
    private static int _shapes;

    /// <summary>A shape with these field names.</summary>
    public ScriptEventShape(string[] keys)
    {
        Keys = keys;
        Id = Interlocked.Increment(ref _shapes) - 1;
    }

    /// <summary>The field names, in order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>How many fields.</summary>
    public int Count => Keys.Count;

    /// <summary>A small number, different for every shape (0, 1, 2…): an index for engines' per-shape caches.</summary>
    public int Id { get; }
}

/// <summary>
/// An event as a script sees it: a shape (the field names) and a value for each, which an engine turns into
/// its own table. Not a dictionary: it is built for every event a script listens to, and a handful of
/// fields is found faster by looking than by hashing. Valid during the call it is handed to only: the core
/// fills the same instance again for the subscription's next event, so an engine copies what it keeps.
/// </summary>
public sealed class ScriptEventTable(ScriptEventShape shape, object?[] values)
{
    /// <summary>The values, for the core to fill in.</summary>
    internal object?[] Writable => values;

    /// <summary>The field names.</summary>
    public ScriptEventShape Shape { get; } = shape;

    /// <summary>The values, in the order of <see cref="ScriptEventShape.Keys"/> (a span: engines read it for every event).</summary>
    public ReadOnlySpan<object?> Values => values;

    /// <summary>The value of a field, or null.</summary>
    public object? this[string key]
    {
        get
        {
            var keys = Shape.Keys;
            for (var i = 0; i < values.Length; i++)
            {
                if (keys[i] == key) return values[i];
            }
            return null;
        }
    }
}
