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
    public static IDisposable? Subscribe(IEventBus bus, string name, Func<string, string, string?> channelOf, Func<ScriptEventTable, bool> handler, int priority) =>
        Kinds.TryGetValue(name, out var kind) ? kind.Subscribe(bus, handler, priority, channelOf) : null;

    /// <summary>
    /// Subscribes <paramref name="handler"/> to the events named <paramref name="name"/> as they are, for an
    /// engine that reads them itself (native plugins); null when no such event. True from the handler eats it.
    /// </summary>
    public static IDisposable? SubscribeEvents(IEventBus bus, string name, Func<RustIrcEvent, bool> handler, int priority) =>
        Kinds.TryGetValue(name, out var kind) ? kind.SubscribeEvents(bus, handler, priority) : null;

    /// <summary>Every event a script can listen to, by name, with how it becomes a table.</summary>
    private static readonly Dictionary<string, EventKind> Kinds = new(StringComparer.Ordinal)
    {
        ["connected"] = new EventKind<ConnectedEvent>(static (e, t, _) => Irc(t, Shapes.Connected, e, e.Server, e.OwnNick)),
        ["disconnected"] = new EventKind<DisconnectedEvent>(static (e, t, _) => Irc(t, Shapes.Disconnected, e, e.Reason, Box(e.WillReconnect))),
        ["message"] = new EventKind<MessageEvent>(static (e, t, channelOf) => Irc(t, Shapes.Message, e, e.Target, channelOf(e.Network, e.Target), e.Text, Box(e.IsOwn))),
        ["notice"] = new EventKind<NoticeEvent>(static (e, t, channelOf) => Irc(t, Shapes.Notice, e, e.Target, channelOf(e.Network, e.Target), e.Text)),
        ["action"] = new EventKind<ActionEvent>(static (e, t, channelOf) => Irc(t, Shapes.Action, e, e.Target, channelOf(e.Network, e.Target), e.Text, Box(e.IsOwn))),
        ["ctcp"] = new EventKind<CtcpRequestEvent>(static (e, t, _) => Irc(t, Shapes.Ctcp, e, e.Target, e.Command, e.Arguments)),
        ["ctcp_reply"] = new EventKind<CtcpReplyEvent>(static (e, t, _) => Irc(t, Shapes.Ctcp, e, e.Target, e.Command, e.Arguments)),
        ["join"] = new EventKind<JoinEvent>(static (e, t, _) => Irc(t, Shapes.Join, e, e.Channel, e.Account, e.RealName)),
        ["part"] = new EventKind<PartEvent>(static (e, t, _) => Irc(t, Shapes.Part, e, e.Channel, e.Reason)),
        ["kick"] = new EventKind<KickEvent>(static (e, t, _) => Irc(t, Shapes.Kick, e, e.Channel, e.KickedNick, e.Reason)),
        ["quit"] = new EventKind<QuitEvent>(static (e, t, _) => Irc(t, Shapes.Quit, e, e.Reason, e.Channels)),
        ["nick"] = new EventKind<NickChangeEvent>(static (e, t, _) => Irc(t, Shapes.Nick, e, e.NewNick, e.Channels, Box(e.IsOwn))),
        ["topic"] = new EventKind<TopicEvent>(static (e, t, _) => Irc(t, Shapes.Topic, e, e.Channel, e.Topic)),
        ["mode"] = new EventKind<ModeEvent>(static (e, t, channelOf) => Irc(t, Shapes.Mode, e, e.Target, channelOf(e.Network, e.Target), e.Modes, e.Arguments)),
        ["invite"] = new EventKind<InviteEvent>(static (e, t, _) => Irc(t, Shapes.Invite, e, e.Channel, e.InvitedNick)),
        ["away"] = new EventKind<AwayEvent>(static (e, t, _) => Irc(t, Shapes.Away, e, e.Message)),
        ["account"] = new EventKind<AccountEvent>(static (e, t, _) => Irc(t, Shapes.Account, e, e.Account)),
        ["numeric"] = new EventKind<NumericEvent>(static (e, t, _) => Irc(t, Shapes.Numeric, e, (long)e.Code, e.Parameters)),
        ["raw"] = new EventKind<RawLineEvent>(static (e, t, _) => Irc(t, Shapes.Raw, e, e.Line, Box(e.Outgoing))),
        ["tab_switch"] = new EventKind<TabSwitchEvent>(static (e, t, _) => Client(t, Shapes.TabSwitch, e, e.From, e.To)),
        // Eating a protected command (/lua, /module, /help, /quit…) does not stop it: the registry sees to that.
        ["command"] = new EventKind<CommandEvent>(static (e, t, _) => Client(t, Shapes.Command, e, e.Name, e.Arguments, e.Buffer)),
        ["input"] = new EventKind<InputEvent>(static (e, t, _) => Client(t, Shapes.Input, e, e.Buffer, e.Text)),
        ["load"] = new EventKind<ExtensionLoadedEvent>(static (e, t, _) => Client(t, Shapes.Load, e, e.Extension.ToString(), e.Version)),
        ["unload"] = new EventKind<ExtensionUnloadedEvent>(static (e, t, _) => Client(t, Shapes.Unload, e, e.Extension.ToString(), e.Reason)),
    };

    /// <summary>One kind of event: subscribed to as a table (scripts) or as it is (native plugins).</summary>
    private abstract class EventKind
    {
        public abstract IDisposable Subscribe(IEventBus bus, Func<ScriptEventTable, bool> handler, int priority, Func<string, string, string?> channelOf);

        public abstract IDisposable SubscribeEvents(IEventBus bus, Func<RustIrcEvent, bool> handler, int priority);
    }

    private sealed class EventKind<TEvent>(Func<TEvent, ScriptEventTable?, Func<string, string, string?>, ScriptEventTable> table) : EventKind
        where TEvent : RustIrcEvent
    {
        public override IDisposable Subscribe(IEventBus bus, Func<ScriptEventTable, bool> handler, int priority, Func<string, string, string?> channelOf)
        {
            // One table per subscription, filled again for each event (engines copy what they keep, see
            // ScriptEventTable); taken while in use, so that an event published from inside the handler gets its own.
            ScriptEventTable? spare = null;
            return bus.Subscribe<TEvent>(e =>
            {
                var current = table(e, spare, channelOf);
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

        public override IDisposable SubscribeEvents(IEventBus bus, Func<RustIrcEvent, bool> handler, int priority) =>
            bus.Subscribe<TEvent>(e => handler(e) ? EventResult.Eat : EventResult.Continue, priority);
    }

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
    public static readonly string[] Names = [.. Kinds.Keys];

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
