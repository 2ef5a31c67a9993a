using System.Diagnostics;
using System.Globalization;
using RustIrc.Modules.Irc.Connection;
using RustIrc.Modules.Irc.Protocol;
using RustIrc.Modules.Irc.State;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

// Incoming lines: raw-line modifiers, state updates, and the SDK events they become.
internal sealed partial class IrcNetwork
{
    private readonly CtcpResponder _ctcp = new();
    private readonly SourceCache _sources = new();

    private void Receive(IncomingLine line)
    {
        if (line.Message is not { } message)
        {
            Warn($"ignored a line from the server ({Describe(line.Error)}): {line.Raw}");
            return;
        }
        if (line.Raw is { } raw)
        {
            var events = _host.Events;
            if (events.HasModifiers(ModifierKind.IncomingRaw))
            {
                if (events.Modify(ModifierKind.IncomingRaw, Name, raw) is not { } modified) return;
                if (!ReferenceEquals(modified, raw) && modified != raw)
                {
                    if (!IrcMessage.TryParse(modified, out var reparsed, out var error))
                    {
                        Warn($"a raw-line modifier produced a line that is not IRC ({Describe(error)}): {modified}");
                        return;
                    }
                    message = reparsed!;
                    raw = modified;
                }
            }
            if (events.HasListeners<RawLineEvent>()) events.Publish(IrcCredentials.WithLoginMasked(new RawLineEvent { Network = Name, Line = raw, Tags = message.Tags }));
        }
        try
        {
            Dispatch(message);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            // A line our handling did not expect (too few parameters, odd values) is reported, never fatal.
            Warn($"could not handle a {message.Verb} line: {ex.Message}");
        }
    }

    private static string Describe(IrcParseError error) => error switch
    {
        IrcParseError.TagsTooLong => "its tags are longer than 8191 bytes",
        IrcParseError.BodyTooLong => "it is longer than 512 bytes",
        IrcParseError.MissingVerb => "it has no command",
        IrcParseError.InvalidVerb => "its command is not a word or a 3-digit number",
        IrcParseError.TooManyParameters => "it has too many parameters",
        IrcParseError.IllegalCharacter => "it contains a NUL byte",
        IrcParseError.Empty => "incomplete",
        _ => error.ToString(),
    };

    /// <summary>How many parameters a command needs before we can act on it.</summary>
    private static readonly Dictionary<string, int> MinimumParameters = new(StringComparer.Ordinal)
    {
        ["PRIVMSG"] = 2, ["NOTICE"] = 2, ["JOIN"] = 1, ["PART"] = 1, ["KICK"] = 2, ["NICK"] = 1, ["TOPIC"] = 2,
        ["MODE"] = 2, ["INVITE"] = 2, ["ACCOUNT"] = 1, ["CHGHOST"] = 2, ["SETNAME"] = 1,
    };

    /// <summary>Acts on one parsed line from the server. Internal so the fuzzer can see what <see cref="Receive"/> would swallow.</summary>
    internal void Dispatch(IrcMessage m)
    {
        // Messages first, without the table lookup or the message's parameter list: they are almost every line.
        var count = m.ParameterCount;
        if (m.Verb == "PRIVMSG" && count >= 2)
        {
            OnPrivmsg(m);
            return;
        }
        if (MinimumParameters.TryGetValue(m.Verb, out var needed) && count < needed)
        {
            Warn($"ignored a {m.Verb} line with {count} parameter{(count == 1 ? "" : "s")} (it needs {needed}): {WithoutTags(m)}");
            return;
        }
        if (m.Verb == "NOTICE")
        {
            OnNotice(m);
            return;
        }
        var p = m.Parameters;
        switch (m.Verb)
        {
            case "PING":
                SendUrgent(new IrcMessage("PONG", p.Count > 0 ? p[^1] : ""));
                return;
            case "PONG":
                if (_pingToken is not null && p.Count > 0 && p[^1] == _pingToken)
                {
                    Lag = Stopwatch.GetElapsedTime(_pingSent);
                    _pingToken = null;
                }
                return;
            case "JOIN": OnJoin(m); return;
            case "PART": OnPart(m); return;
            case "KICK": OnKick(m); return;
            case "QUIT": OnQuit(m); return;
            case "NICK": OnNick(m); return;
            case "TOPIC": OnTopic(m, p[0], p[1], byServer: false); return;
            case "MODE": OnMode(m, p[0], p[1], p.Skip(2).ToArray(), publish: true); return;
            case "INVITE":
                _host.Events.Publish(Fill(new InviteEvent { Network = Name, Channel = p[1], InvitedNick = p[0] }, m));
                return;
            case "AWAY": OnAway(m); return;
            case "ACCOUNT": OnAccount(m); return;
            case "CHGHOST":
                State.Touch(SourceNick(m), p[0], p[1]);
                return;
            case "SETNAME":
                if (SourceNick(m) is { } who && State.Users.TryGetValue(who, out var named)) named.RealName = p[0];
                return;
            case "CAP": OnCap(m); return;
            case "AUTHENTICATE": OnAuthenticate(m); return;
            case "ERROR" when _quitting:
                return; // the server confirming our own QUIT
            case "ERROR":
                Warn($"the server closes the connection: {LastParameter(m)}");
                return;
        }
        if (m.Verb.Length == 3 && int.TryParse(m.Verb, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            OnNumeric(code, m);
        }
    }

    private void OnNumeric(int code, IrcMessage m)
    {
        var p = m.Parameters;
        switch (code)
        {
            case 1: OnWelcome(m); break;
            case 5 when p.Count > 2: State.ApplySupport(p.Skip(1).Take(p.Count - 2).ToArray()); break;
            case 432 or 433 or 436 or 437:
                if (IsRegistered && OnReclaimRefused(code, p.Count > 1 ? p[1] : "")) return;
                if (!IsRegistered) OnRegistrationNickRefused(code, p.Count > 1 ? p[1] : "");
                OnNickUnavailable(m);
                break;
            case 376 or 422: BeginReclaim(); break; // end of the MOTD (or none): ISUPPORT is complete
            case 303 when p.Count >= 2 && OnIsonReply(p): return;
            case 730 when OnMonitorOnline(p): return;
            case 731 when OnMonitorOffline(p): return;
            case 465: // ERR_YOUREBANNEDCREEP: a K-line or similar; hammering the server would not lift it
                _refusal = "the server bans this client";
                Warn($"the server bans this client: {(p.Count > 1 ? p[^1] : "no reason given")}");
                break;
            case >= 900 and <= 908: OnSaslResult(code, m); break;
            case 305: State.Away = false; break;
            case 306: State.Away = true; break;
            case 324 when p.Count >= 3:
                if (State.Channels.TryGetValue(p[1], out var modeChannel))
                {
                    modeChannel.Modes.Clear();
                    OnMode(m, p[1], p[2], p.Skip(3).ToArray(), publish: false);
                }
                break;
            case 332 when p.Count >= 3: OnTopic(m, p[1], p[2], byServer: true); break;
            case 333 when p.Count >= 3:
                if (State.Channels.TryGetValue(p[1], out var topicChannel)) topicChannel.TopicSetBy = IrcSource.Parse(p[2]).Nick;
                break;
            case 353 when p.Count >= 4: OnNames(p[2], p[3]); break;
            case 366 when p.Count >= 2:
                if (State.Channels.TryGetValue(p[1], out var named)) named.ReceivingNames = false;
                break;
        }
        _host.Events.Publish(Fill(new NumericEvent { Network = Name, Code = code, Parameters = p }, m));
    }

    private void OnPrivmsg(IrcMessage m)
    {
        var source = Source(m);
        State.Touch(source.Nick, source.User, source.Host);
        var target = m.Parameter(0);
        var text = m.Parameter(1);
        var own = State.IsMe(source.Nick);
        if (Ctcp.TryParse(text, out var command, out var arguments))
        {
            if (command == "ACTION")
            {
                _host.Events.Publish(Fill(new ActionEvent { Network = Name, Target = target, Text = arguments, IsOwn = own }, m, source));
                return;
            }
            var request = Fill(new CtcpRequestEvent { Network = Name, Target = target, Command = command, Arguments = arguments }, m, source);
            // A nick starting with ':' cannot be a reply's target; only a hostile server sends one.
            if (_host.Events.Publish(request) == EventResult.Eat || own || source.Nick.Length == 0 || source.Nick[0] == ':') return;
            var ignores = _host.Ignores;
            if (ignores.Count != 0 && ignores.Ignores(source.Nick, source.User, source.Host, IgnoreLevels.Ctcps, State.Support.CaseMapping)) return;
            if (_host.Settings.CtcpReplies && _ctcp.Reply(command, arguments, _host.Settings) is { } reply)
            {
                Send(new IrcMessage("NOTICE", source.Nick, Ctcp.Frame(command, reply)));
            }
            return;
        }
        // The flood path: built in one go rather than through Fill's copy.
        var message = new MessageEvent
        {
            Network = Name,
            Target = target,
            Text = text,
            IsOwn = own,
            Tags = m.Tags,
            Nick = source.Nick.Length == 0 ? null : source.Nick,
            User = source.User,
            Host = source.Host,
            Time = TimeOf(m),
        };
        // Our own line echoed back may be a login to services (echo-message).
        _host.Events.Publish(own ? IrcCredentials.WithLoginMasked(message) : message);
    }

    private void OnNotice(IrcMessage m)
    {
        var source = Source(m);
        var target = m.Parameter(0);
        var text = m.Parameter(1);
        if (Ctcp.TryParse(text, out var command, out var arguments))
        {
            _host.Events.Publish(Fill(new CtcpReplyEvent { Network = Name, Target = target, Command = command, Arguments = arguments }, m, source));
            return;
        }
        var notice = Fill(new NoticeEvent { Network = Name, Target = target, Text = text }, m, source);
        _host.Events.Publish(State.IsMe(source.Nick) ? IrcCredentials.WithLoginMasked(notice) : notice);
    }

    private void OnJoin(IrcMessage m)
    {
        var source = Source(m);
        var name = m.Parameters[0];
        if (State.IsMe(source.Nick))
        {
            State.OwnUser = source.User ?? State.OwnUser;
            State.OwnHost = source.Host ?? State.OwnHost;
            State.AddChannel(name);
        }
        string? account = null, realName = null;
        if (m.Parameters.Count >= 3) // extended-join: account ("*" when none) and real name
        {
            account = m.Parameters[1] == "*" ? null : m.Parameters[1];
            realName = m.Parameters[2];
        }
        if (State.Channels.TryGetValue(name, out var channel))
        {
            var member = State.Join(channel, source.Nick);
            member.User.User = source.User ?? member.User.User;
            member.User.Host = source.Host ?? member.User.Host;
            if (m.Parameters.Count >= 3)
            {
                member.User.Account = account;
                member.User.RealName = realName;
            }
        }
        _host.Events.Publish(Fill(new JoinEvent { Network = Name, Channel = name, Account = account, RealName = realName }, m, source));
    }

    private void OnPart(IrcMessage m)
    {
        var source = Source(m);
        var name = m.Parameters[0];
        if (State.IsMe(source.Nick)) State.RemoveChannel(name);
        else if (State.Channels.TryGetValue(name, out var channel)) State.Leave(channel, source.Nick);
        _host.Events.Publish(Fill(new PartEvent { Network = Name, Channel = name, Reason = m.Parameters.Count > 1 ? m.Parameters[1] : null }, m, source));
    }

    private void OnKick(IrcMessage m)
    {
        var name = m.Parameters[0];
        var kicked = m.Parameters[1];
        if (State.IsMe(kicked)) State.RemoveChannel(name);
        else if (State.Channels.TryGetValue(name, out var channel)) State.Leave(channel, kicked);
        _host.Events.Publish(Fill(new KickEvent { Network = Name, Channel = name, KickedNick = kicked, Reason = m.Parameters.Count > 2 ? m.Parameters[2] : null }, m));
    }

    private void OnQuit(IrcMessage m)
    {
        var source = Source(m);
        var channels = State.RemoveEverywhere(source.Nick);
        OnHolderMaybeGone(source.Nick);
        _host.Events.Publish(Fill(new QuitEvent { Network = Name, Reason = m.Parameters.Count > 0 ? m.Parameters[0] : null, Channels = channels }, m, source));
    }

    private void OnNick(IrcMessage m)
    {
        var source = Source(m);
        var own = State.IsMe(source.Nick);
        var channels = State.Rename(source.Nick, m.Parameters[0]);
        if (own) OnOwnNickChanged(m.Parameters[0]);
        else OnHolderMaybeGone(source.Nick);
        _host.Events.Publish(Fill(new NickChangeEvent { Network = Name, NewNick = m.Parameters[0], Channels = channels, IsOwn = own }, m, source));
    }

    private void OnTopic(IrcMessage m, string name, string topic, bool byServer)
    {
        var source = Source(m);
        if (State.Channels.TryGetValue(name, out var channel))
        {
            channel.Topic = topic;
            if (!byServer) channel.TopicSetBy = source.Nick;
        }
        _host.Events.Publish(Fill(new TopicEvent { Network = Name, Channel = name, Topic = topic }, m, source));
    }

    /// <summary>Applies a mode string by the server's CHANMODES and PREFIX: which modes take an argument, which are lists.</summary>
    private void OnMode(IrcMessage m, string target, string modes, string[] arguments, bool publish)
    {
        if (State.Support.IsChannel(target) && State.Channels.TryGetValue(target, out var channel))
        {
            var adding = true;
            var next = 0;
            foreach (var mode in modes)
            {
                if (mode is '+' or '-')
                {
                    adding = mode == '+';
                    continue;
                }
                var kind = State.Support.Classify(mode);
                var takesArgument = kind is ChannelModeKind.Prefix or ChannelModeKind.List or ChannelModeKind.AlwaysArgument
                    || (kind == ChannelModeKind.ArgumentWhenSet && adding);
                var argument = takesArgument && next < arguments.Length ? arguments[next++] : null;
                switch (kind)
                {
                    case ChannelModeKind.Prefix when argument is not null && channel.Members.TryGetValue(argument, out var member):
                        var symbol = State.Support.SymbolOf(mode);
                        if (adding) member.AddPrefix(symbol, State.Support);
                        else member.RemovePrefix(symbol);
                        break;
                    case ChannelModeKind.List or ChannelModeKind.Prefix:
                        break; // lists (bans…) are not kept; /mode #chan b asks for them
                    default:
                        if (adding) channel.Modes[mode] = argument;
                        else channel.Modes.Remove(mode);
                        break;
                }
            }
        }
        else if (State.IsMe(target))
        {
            // Our own user modes are only reported; nothing depends on them yet.
        }
        if (publish) _host.Events.Publish(Fill(new ModeEvent { Network = Name, Target = target, Modes = modes, Arguments = arguments }, m));
    }

    private void OnNames(string name, string names)
    {
        if (!State.Channels.TryGetValue(name, out var channel)) return;
        if (!channel.ReceivingNames)
        {
            channel.Members.Clear(); // a fresh NAMES reply replaces the list
            channel.ReceivingNames = true;
        }
        foreach (var entry in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // multi-prefix gives every prefix (@+nick); userhost-in-names gives nick!user@host.
            var at = 0;
            while (at < entry.Length && State.Support.RankOf(entry[at]) >= 0) at++;
            if (at == entry.Length) continue;
            var who = IrcSource.Parse(entry[at..]);
            var member = State.Join(channel, who.Nick);
            member.Prefixes = "";
            foreach (var symbol in entry.AsSpan(0, at)) member.AddPrefix(symbol, State.Support);
            member.User.User = who.User ?? member.User.User;
            member.User.Host = who.Host ?? member.User.Host;
        }
    }

    private void OnAway(IrcMessage m)
    {
        var source = Source(m);
        var message = m.Parameters.Count > 0 ? m.Parameters[0] : null;
        if (State.Users.TryGetValue(source.Nick, out var user)) user.Away = message is not null;
        _host.Events.Publish(Fill(new AwayEvent { Network = Name, Message = message }, m, source));
    }

    private void OnAccount(IrcMessage m)
    {
        var source = Source(m);
        var account = m.Parameters[0] == "*" ? null : m.Parameters[0];
        if (State.Users.TryGetValue(source.Nick, out var user)) user.Account = account;
        _host.Events.Publish(Fill(new AccountEvent { Network = Name, Account = account }, m, source));
    }

    /// <summary>The last parameter (a numeric's or an ERROR's text), or "no reason given" when the line has none.</summary>
    private static string LastParameter(IrcMessage m) => m.ParameterCount > 0 ? m.Parameter(m.ParameterCount - 1) : "no reason given";

    /// <summary>A line as text for a warning, without the tags: a lenient parse keeps keys the writer refuses.</summary>
    private static string WithoutTags(IrcMessage m) => new IrcMessage(m.Verb, m.Parameters) { Source = m.Source }.Format();

    private IrcSource Source(IrcMessage m) => m.Source is { } s ? _sources.Parse(s) : new IrcSource("", null, null);

    private string? SourceNick(IrcMessage m) => m.Source is { } s ? _sources.Parse(s).Nick : null;

    private TEvent Fill<TEvent>(TEvent e, IrcMessage m) where TEvent : IrcEvent => Fill(e, m, Source(m));

    /// <summary>The fields every IRC event shares: tags, source, and the server-time when given.</summary>
    private static TEvent Fill<TEvent>(TEvent e, IrcMessage m, IrcSource source) where TEvent : IrcEvent => e with
    {
        Tags = m.Tags,
        Nick = source.Nick.Length == 0 ? null : source.Nick,
        User = source.User,
        Host = source.Host,
        Time = TimeOf(m),
    };

    private static DateTimeOffset TimeOf(IrcMessage m) =>
        m.Tags.Count != 0 && m.Tags.TryGetValue("time", out var time)
        && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : EventClock.Now;
}
