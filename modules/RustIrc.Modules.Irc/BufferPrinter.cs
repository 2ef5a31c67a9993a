using System.Globalization;
using RustIrc.Modules.Irc.Protocol;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>
/// Shows IRC events in the UI model's buffers, readably (<c>&lt;nick&gt; text</c>, <c>→ nick joined</c>).
/// It listens at a low priority, so a script that eats an event also hides it. Without a UI module
/// loaded it keeps up to 1000 lines and prints them when one is loaded. Lines from someone on the
/// <see cref="IgnoreList"/> are not printed; their events are published all the same.
/// </summary>
internal sealed class BufferPrinter
{
    /// <summary>Below every ordinary handler: whoever eats an event first decides it is not shown.</summary>
    public const int Priority = -1_000_000;

    /// <summary>Lines kept while no UI model is loaded: enough for a reload of ui during a busy channel.</summary>
    private const int MaxKept = 1000;

    /// <summary>Numerics that are shown another way (or not at all).</summary>
    private static readonly HashSet<int> Silent = [4, 5, 321, 250, 251, 252, 253, 254, 255, 265, 266, 332, 333, 353, 366, 375, 376, 396, 433, 432, 436, 437, 900, 901, 902, 903, 904, 905, 906, 907, 908];

    private readonly IServiceBroker _services;
    private readonly IrcService _irc;
    private readonly IgnoreList _ignores;
    private readonly HashSet<string> _closeOnPart = new(StringComparer.OrdinalIgnoreCase); // channel buffers /close parted
    private readonly HashSet<string> _opened = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(string Buffer, string Text, LineKind Kind, string Network, DateTimeOffset Time)> _early = new();
    private readonly LineBuffer _line = new(); // messages and actions are put together here, not in a string per line
    private IUiModel? _ui;
    private string? _lastOpened;
    private bool _lookedForUi;

    public BufferPrinter(IServiceBroker services, IEventBus events, IrcService irc, IgnoreList ignores)
    {
        _services = services;
        _irc = irc;
        _ignores = ignores;
        // A message to some members of a channel only (@#chan, by STATUSMSG) goes to the channel's buffer,
        // with its target beside the nick.
        // A login said to services is shown masked (WithoutCredentials), as every line is for anyone looking on.
        // With no ignores, an ignore costs each line one count check.
        events.Subscribe<MessageEvent>(e =>
        {
            if (_ignores.Count != 0 && !e.IsOwn && Ignored(e, IgnoreLevels.Messages)) return EventResult.Continue;
            var (buffer, status) = Conversation(e.Network, e.Target, e.Nick, e.IsOwn);
            var text = (e.WithoutCredentials as MessageEvent ?? e).Text;
            Show(e.Network, buffer, status ? _line.Join("<", e.Nick, ":", e.Target, "> ", text) : _line.Join("<", e.Nick, "> ", text), LineKind.Message, e.Time);
            if (!e.IsOwn && IsHighlight(e.Network, e.Target, text)) MarkHighlight(buffer, $"<{e.Nick}> {text}", e.Time);
            return EventResult.Continue;
        }, Priority);
        events.Subscribe<ActionEvent>(e =>
        {
            if (_ignores.Count != 0 && !e.IsOwn && Ignored(e, IgnoreLevels.Messages)) return EventResult.Continue;
            var (buffer, status) = Conversation(e.Network, e.Target, e.Nick, e.IsOwn);
            Show(e.Network, buffer, status ? _line.Join("* ", e.Nick, ":", e.Target, " ", e.Text) : _line.Join("* ", e.Nick, " ", e.Text), LineKind.Action, e.Time);
            if (!e.IsOwn && IsHighlight(e.Network, e.Target, e.Text)) MarkHighlight(buffer, $"* {e.Nick} {e.Text}", e.Time);
            return EventResult.Continue;
        }, Priority);
        events.Subscribe<NoticeEvent>(e =>
        {
            // A notice to us goes to the server buffer, not to a conversation; one of ours says where it went.
            if (_ignores.Count != 0 && Ignored(e, IgnoreLevels.Notices) && !IsOwn(e)) return EventResult.Continue;
            var (channel, status) = ChannelOf(e.Network, e.Target);
            var text = (e.WithoutCredentials as NoticeEvent ?? e).Text;
            var line = IsOwn(e) ? $"-> {e.Target}: {text}" : status ? $"-{e.Nick ?? "server"}:{e.Target}- {text}" : $"-{e.Nick ?? "server"}- {text}";
            return Show(e.Network, channel is null ? e.Network : ChannelBuffer(e.Network, channel), line, LineKind.Notice, e.Time);
        }, Priority);
        events.Subscribe<JoinEvent>(OnJoin, Priority);
        events.Subscribe<PartEvent>(OnPart, Priority);
        events.Subscribe<KickEvent>(e => Show(e.Network, BufferNames.Target(e.Network, e.Channel), $"← {e.Nick} kicked {e.KickedNick} from {e.Channel}{Reason(e.Reason)}", LineKind.Event, e.Time), Priority);
        events.Subscribe<QuitEvent>(e => _ignores.Count != 0 && Ignored(e, IgnoreLevels.Joins) ? EventResult.Continue
            : ShowIn(e.Network, e.Channels, $"← {e.Nick} quit{Reason(e.Reason)}", e.Time), Priority);
        events.Subscribe<NickChangeEvent>(OnNickChange, Priority);
        events.Subscribe<TopicEvent>(e => Show(e.Network, BufferNames.Target(e.Network, e.Channel),
            e.Nick is { } who && !who.Contains('.') ? $"{who} changed the topic of {e.Channel} to: {e.Topic}" : $"topic of {e.Channel}: {e.Topic}", LineKind.Event, e.Time), Priority);
        events.Subscribe<ModeEvent>(e => Show(e.Network, IsChannel(e.Network, e.Target) ? BufferNames.Target(e.Network, e.Target) : e.Network,
            $"{e.Nick} sets mode {e.Modes}{(e.Arguments.Count > 0 ? " " + string.Join(' ', e.Arguments) : "")} on {e.Target}", LineKind.Event, e.Time), Priority);
        events.Subscribe<InviteEvent>(e => Show(e.Network, e.Network, $"{e.Nick} invites {e.InvitedNick} to {e.Channel}", LineKind.Event, e.Time), Priority);
        events.Subscribe<CtcpRequestEvent>(e => _ignores.Count != 0 && Ignored(e, IgnoreLevels.Ctcps) ? EventResult.Continue
            : Show(e.Network, e.Network, $"{e.Nick} sent CTCP {e.Command}{(e.Arguments.Length > 0 ? " " + e.Arguments : "")}", LineKind.Event, e.Time), Priority);
        // Our own replies come back with echo-message; without it they are never seen, so they are not shown either.
        events.Subscribe<CtcpReplyEvent>(e => IsOwn(e) || (_ignores.Count != 0 && Ignored(e, IgnoreLevels.Ctcps)) ? EventResult.Continue
            : Show(e.Network, e.Network, $"CTCP {e.Command} reply from {e.Nick}: {CtcpReplyText(e)}", LineKind.Notice, e.Time), Priority);
        events.Subscribe<ConnectedEvent>(e => Show(e.Network, e.Network, $"connected to {e.Server} as {e.OwnNick}", LineKind.Event, e.Time), Priority);
        events.Subscribe<DisconnectedEvent>(OnDisconnected, Priority);
        events.Subscribe<NumericEvent>(OnNumeric, Priority);
        // Lines printed before any UI was there (problems found at start, when irc starts first) are
        // shown as soon as one is loaded.
        events.Subscribe<ExtensionLoadedEvent>(_ =>
        {
            _lookedForUi = false;
            if (_early.Count > 0 && Ui() is not null) Print(IUiModel.StatusBuffer, "", LineKind.Info, "", EventClock.Now, flushOnly: true);
            return EventResult.Continue;
        }, Priority);
    }

    /// <summary>Prints a line about a network in its server buffer.</summary>
    public void Status(string network, string text, LineKind kind) => Print(BufferNames.Server(network), text, kind, network, EventClock.Now);

    /// <summary>Prints a line in one of a network's buffers.</summary>
    public void Line(string buffer, string network, string text, LineKind kind) => Print(buffer, text, kind, network, EventClock.Now);

    private EventResult OnJoin(JoinEvent e)
    {
        var buffer = BufferNames.Target(e.Network, e.Channel);
        var own = _irc.Find(e.Network)?.State.IsMe(e.Nick) == true;
        if (!own && _ignores.Count != 0 && Ignored(e, IgnoreLevels.Joins)) return EventResult.Continue;
        Show(e.Network, buffer, own ? $"→ you joined {e.Channel}" : $"→ {e.Nick} ({e.User}@{e.Host}) joined {e.Channel}", LineKind.Event, e.Time);
        if (own) Ui()?.SwitchTo(buffer);
        return EventResult.Continue;
    }

    /// <summary>
    /// Closes a buffer that <c>/close</c> is done with: after the server confirms our PART when
    /// <paramref name="afterPart"/> (lines said before it still land there), else now.
    /// </summary>
    public void Close(string buffer, bool afterPart)
    {
        if (afterPart)
        {
            _closeOnPart.Add(buffer);
            return;
        }
        _opened.Remove(buffer);
        _lastOpened = null;
        _lastChannel = ("", "", "");
        Ui()?.Close(buffer);
    }

    private EventResult OnPart(PartEvent e)
    {
        var buffer = BufferNames.Target(e.Network, e.Channel);
        if (_closeOnPart.Count != 0 && IsOwn(e) && _closeOnPart.Remove(buffer))
        {
            Close(buffer, afterPart: false);
            return EventResult.Continue;
        }
        if (_ignores.Count != 0 && Ignored(e, IgnoreLevels.Joins) && !IsOwn(e)) return EventResult.Continue;
        return Show(e.Network, buffer, $"← {e.Nick} left {e.Channel}{Reason(e.Reason)}", LineKind.Event, e.Time);
    }

    private EventResult OnDisconnected(DisconnectedEvent e)
    {
        // A /close whose PART will never be confirmed now: close its buffer anyway.
        foreach (var buffer in _closeOnPart.Where(b => BufferNames.Parse(b).Network.Equals(e.Network, StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            _closeOnPart.Remove(buffer);
            Close(buffer, afterPart: false);
        }
        return Show(e.Network, e.Network, e.Reason == IrcNetwork.ClosedByUs ? "disconnected" : $"disconnected: {e.Reason}", e.WillReconnect ? LineKind.Error : LineKind.Event, e.Time);
    }

    /// <summary>
    /// A private conversation follows the other person's new nick: its buffer is renamed (scrollback kept)
    /// and the change is shown there. Our own new nick is shown in the server buffer only when no channel
    /// shows it: a line shell prints every buffer.
    /// </summary>
    private EventResult OnNickChange(NickChangeEvent e)
    {
        var line = $"{e.Nick} is now known as {e.NewNick}";
        var hidden = !e.IsOwn && _ignores.Count != 0 && Ignored(e, IgnoreLevels.Nicks);
        if (!e.IsOwn && e.Nick is { } old && FollowQuery(e.Network, old, e.NewNick) is { } query && !hidden)
        {
            Print(query, line, LineKind.Event, e.Network, e.Time);
        }
        return hidden ? EventResult.Continue : ShowIn(e.Network, e.IsOwn && e.Channels.Count == 0 ? [""] : e.Channels, line, e.Time);
    }

    /// <summary>Renames the query buffer with <paramref name="old"/>, if there is one; returns its new name.</summary>
    private string? FollowQuery(string network, string old, string renamed)
    {
        if (Ui() is not { } ui) return null;
        var from = BufferNames.Target(network, old);
        var to = BufferNames.Target(network, renamed);
        try
        {
            if (!ui.Buffers().Any(b => string.Equals(b.Name, from, StringComparison.OrdinalIgnoreCase))) return null;
            ui.Rename(from, to);
        }
        catch (Exception ex) when (ex is NotSupportedException or ServiceUnavailableException)
        {
            return null; // a UI model older than SDK 1.8 keeps the old buffer; the next message opens the new one
        }
        _opened.Remove(from);
        _opened.Add(to);
        _lastOpened = null;
        return to;
    }

    private EventResult OnNumeric(NumericEvent e)
    {
        var p = e.Parameters;
        if (WhoisLines.Format(e.Code, p) is { } whois) return Show(e.Network, e.Network, whois, LineKind.Info, e.Time);
        switch (e.Code)
        {
            case 322 when p.Count >= 3 && _irc.Find(e.Network) is { } listed: // RPL_LIST
                var listing = listed.Listing ??= ChannelListing.Everything;
                return listing.Show(p[1], p[2], p.Count > 3 ? p[3] : "", listed.State.Support.CaseMapping) is { } entry
                    ? Show(e.Network, e.Network, entry, LineKind.Info, e.Time)
                    : EventResult.Continue;
            case 323 when _irc.Find(e.Network) is { } ended: // RPL_LISTEND
                var end = (ended.Listing ?? ChannelListing.Everything).End();
                ended.Listing = null;
                return Show(e.Network, e.Network, end, LineKind.Info, e.Time);
            case 324 when p.Count >= 3: // RPL_CHANNELMODEIS, the answer to /mode #chan
                return Show(e.Network, InChannelOrServer(e.Network, p[1]), $"modes of {p[1]}: {string.Join(' ', p.Skip(2))}", LineKind.Info, e.Time);
            case 329 when p.Count >= 3 && UnixTime.TryParse(p[2], out var created): // RPL_CREATIONTIME
                return Show(e.Network, InChannelOrServer(e.Network, p[1]),
                    $"{p[1]} was created on {created:yyyy-MM-dd HH:mm:ss} UTC", LineKind.Info, e.Time);
        }
        if (Silent.Contains(e.Code) || p.Count < 2)
        {
            if (e.Code == 366 && p.Count >= 2 && _irc.Find(e.Network) is { } network && network.State.Channels.TryGetValue(p[1], out var channel))
            {
                var names = channel.Members.Values.Select(m => m.Prefixes + m.User.Nick).Order(StringComparer.OrdinalIgnoreCase);
                Show(e.Network, BufferNames.Target(e.Network, channel.Name), $"{channel.Members.Count} on {channel.Name}: {string.Join(' ', names)}", LineKind.Event, e.Time);
            }
            return EventResult.Continue;
        }
        // Everything else (MOTD, WHOIS, errors): the parameters after our nick, as the server wrote them.
        var kind = e.Code is >= 400 and < 600 ? LineKind.Error : LineKind.Info;
        Show(e.Network, e.Network, string.Join(' ', p.Skip(1)), kind, e.Time);
        return EventResult.Continue;
    }

    /// <summary>Words besides the user's nick that highlight a line.</summary>
    public IReadOnlyList<string> HighlightWords { get; init; } = [];

    /// <summary>A message to us privately, or one that names our nick or a highlight word as a whole word.</summary>
    private bool IsHighlight(string network, string target, string text)
    {
        if (_irc.NickOf(network) is not { Length: > 0 } nick) return false;
        if (string.Equals(target, nick, StringComparison.OrdinalIgnoreCase) || Highlighting.Mentions(text, nick)) return true;
        foreach (var word in HighlightWords)
        {
            if (Highlighting.Mentions(text, word)) return true;
        }
        return false;
    }

    private void MarkHighlight(string buffer, string line, DateTimeOffset time)
    {
        try
        {
            Ui()?.Highlight(buffer, line, time);
        }
        catch (ServiceUnavailableException)
        {
            // The UI is reloading: the line is in its scrollback when it comes back, unmarked.
        }
    }

    private EventResult ShowIn(string network, IReadOnlyList<string> channels, string text, DateTimeOffset time)
    {
        foreach (var channel in channels) Print(channel.Length == 0 ? network : BufferNames.Target(network, channel), text, LineKind.Event, network, time);
        return EventResult.Continue;
    }

    /// <summary>Shows a line about an event in <paramref name="buffer"/>, stamped with the event's time (its server-time when sent).</summary>
    private EventResult Show(string network, string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time)
    {
        Print(buffer, text, kind, network, time);
        return EventResult.Continue;
    }

    private void Print(string buffer, ReadOnlySpan<char> text, LineKind kind, string network, DateTimeOffset time, bool flushOnly = false)
    {
        var ui = Ui();
        if (ui is null)
        {
            if (!flushOnly) Keep(buffer, text, kind, network, time);
            return;
        }
        try
        {
            // Printing an early line may run handlers that print into _line again: keep this one first.
            if (_early.Count > 0) text = text.ToString();
            while (_early.TryPeek(out var early))
            {
                if (_opened.Add(early.Buffer)) ui.Open(early.Buffer, early.Network.Length == 0 ? null : early.Network);
                ui.Print(early.Buffer, early.Text, early.Kind, early.Time);
                _early.Dequeue();
            }
            if (flushOnly) return;
            // Tells the UI which network the buffer belongs to, once (the same name as last time is known).
            if (!ReferenceEquals(buffer, _lastOpened) && _opened.Add(buffer)) ui.Open(buffer, network);
            _lastOpened = buffer;
            ui.Print(buffer, text, kind, time);
        }
        catch (ServiceUnavailableException)
        {
            _ui = null; // the UI module went away (a reload of ui); look for it again once something is loaded
            _lookedForUi = false;
            _opened.Clear();
            _lastOpened = null;
            if (!flushOnly) Keep(buffer, text, kind, network, time);
        }
    }

    /// <summary>Keeps a line for the UI that may come (start-up problems, lines while ui reloads); beyond a bound, drops it.</summary>
    private void Keep(string buffer, ReadOnlySpan<char> text, LineKind kind, string network, DateTimeOffset time)
    {
        if (_early.Count < MaxKept) _early.Enqueue((buffer, text.ToString(), kind, network, time));
    }

    /// <summary>The UI model; looked up again only after an extension was loaded, so a client without a UI pays nothing per line.</summary>
    private IUiModel? Ui()
    {
        if (_ui is not null || _lookedForUi) return _ui;
        _lookedForUi = true;
        return _ui = _services.Find<IUiModel>();
    }

    /// <summary>
    /// The buffer of a conversation: the channel, the channel of a message to some of its members
    /// (<c>@#chan</c>, then <c>Status</c> is true), or the other person in a private one.
    /// </summary>
    private (string Buffer, bool Status) Conversation(string network, string target, string? nick, bool own)
    {
        var (channel, status) = ChannelOf(network, target);
        return (channel is null ? BufferNames.Target(network, own ? target : nick ?? target) : ChannelBuffer(network, channel), status);
    }

    /// <summary>The channel <paramref name="target"/> names, and whether through a status prefix (<c>@#chan</c>); no channel for a nick.</summary>
    private (string? Channel, bool Status) ChannelOf(string network, string target)
    {
        if (IsChannel(network, target)) return (target, false);
        var channel = _irc.Find(network)?.State.Support.StatusMessageChannel(target);
        return (channel, channel is not null);
    }

    // The last channel buffer name made, by the identity of its parts: lines to a channel come with the
    // same network and channel strings (the network state keeps them), and a flood of them need not build
    // the same name again for every line.
    private (string Network, string Channel, string Buffer) _lastChannel = ("", "", "");

    private string ChannelBuffer(string network, string channel)
    {
        var last = _lastChannel;
        if (ReferenceEquals(last.Network, network) && ReferenceEquals(last.Channel, channel)) return last.Buffer;
        var buffer = BufferNames.Target(network, channel);
        _lastChannel = (network, channel, buffer);
        return buffer;
    }

    /// <summary>The channel's buffer when we are on it, else the network's.</summary>
    private string InChannelOrServer(string network, string channel) =>
        _irc.Find(network)?.State.Channels.ContainsKey(channel) == true ? BufferNames.Target(network, channel) : network;

    /// <summary>Whether the source of <paramref name="e"/> is ignored for <paramref name="level"/>, under its network's case mapping.</summary>
    private bool Ignored(IrcEvent e, IgnoreLevels level) =>
        _ignores.Ignores(e.Nick, e.User, e.Host, level, _irc.Find(e.Network)?.State.Support.CaseMapping ?? CaseMapping.Rfc1459);

    /// <summary>A CTCP reply as shown: a PING answering ours (sent as milliseconds since 1970) gives the round trip.</summary>
    private static string CtcpReplyText(CtcpReplyEvent e)
    {
        if (e.Command == "PING" && long.TryParse(e.Arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            var elapsed = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sent;
            if (elapsed is >= 0 and < 3_600_000) return $"{(elapsed / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)} s";
        }
        return e.Arguments;
    }

    private bool IsOwn(IrcEvent e) => e.Nick is { } nick && _irc.Find(e.Network)?.State.IsMe(nick) == true;

    private bool IsChannel(string network, string target) =>
        _irc.Find(network)?.State.Support.IsChannel(target) ?? (target.StartsWith('#') || target.StartsWith('&'));

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? "" : $" ({reason})";
}
