using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>The IRC slash commands for connections, conversations and channels.</summary>
internal sealed class IrcCommands(IrcService irc, IrcSettings settings, Func<IUiModel?> ui, BufferPrinter printer) : IrcCommandSet(irc, ui)
{
    public override void Register(ICommandRegistry commands)
    {
        Add(commands, "connect", ConnectCommand.Usage, "Connects to an IRC server (several at once are fine); with no argument lists the networks.", Connect);
        Add(commands, "disconnect", "/disconnect [NETWORK] [MESSAGE]", "Quits a network and stops reconnecting to it.", Disconnect);
        Add(commands, "reconnect", "/reconnect [NETWORK]", "Drops and re-opens the connection (or tries now when waiting to reconnect).", Reconnect);
        Add(commands, "join", "/join #CHAN[,#CHAN…] [KEY[,KEY…]]", "Joins channels.", Join);
        Add(commands, "part", "/part [#CHAN] [REASON]", "Leaves a channel (this one by default).", Part);
        Add(commands, "msg", "/msg TARGET TEXT", "Sends a message to a channel or nick.", Msg);
        Add(commands, "query", "/query NICK [TEXT]", "Opens a private conversation (and sends TEXT).", Query);
        Add(commands, "me", "/me TEXT", "Sends an action to this channel or query.", Me);
        Add(commands, "notice", "/notice TARGET TEXT", "Sends a notice.", Notice);
        Add(commands, "nick", "/nick NEWNICK", "Changes your nick.", Nick);
        Add(commands, "topic", "/topic [#CHAN] [TEXT]", "Shows or sets a channel's topic.", Topic);
        Add(commands, "mode", "/mode [TARGET] MODES [ARGS…]", "Changes or shows modes of a channel (this one by default) or of yourself.", Mode);
        Add(commands, "kick", "/kick [#CHAN] NICK [REASON]", "Kicks someone from a channel.", Kick);
        Add(commands, "invite", "/invite NICK [#CHAN]", "Invites someone to a channel (this one by default).", Invite);
        Add(commands, "whois", "/whois NICK", "Asks the server who someone is; the answer is shown in the server buffer.", a => Network(a).Send(new IrcMessage("WHOIS", Need(a, 0, "NICK"))), ChannelNicks);
        Add(commands, "ctcp", "/ctcp NICK|#CHAN VERSION|PING|TIME|CLIENTINFO|… [ARGS]", "Sends a CTCP request; replies are shown in the server buffer (a PING reply as its round trip).", Ctcp, ChannelNicks);
        Add(commands, "list", ChannelListing.Usage, "Lists the server's channels as '#chan (users) topic': all, or those whose name or topic matches FILTER (a glob; a plain word is looked for anywhere), with more (>N) or fewer (<N) users.", List);
        Add(commands, "close", "/close [BUFFER]", "Leaves the channel (if joined) or forgets the query of a buffer (this one by default), and closes it.", Close,
            request => Ui()?.Buffers().Select(b => b.Name).Where(n => n.StartsWith(request.Word, StringComparison.OrdinalIgnoreCase)) ?? []);
        Add(commands, "names", "/names [#CHAN]", "Lists the members of a channel.", Names);
        Add(commands, "away", "/away [MESSAGE]", "Marks you away with MESSAGE, or back without one.", a =>
            Network(a).Send(a.ArgumentText.Length == 0 ? new IrcMessage("AWAY") : new IrcMessage("AWAY", a.ArgumentText)));
        Add(commands, "raw", "/raw LINE", "Sends a line to the server exactly as typed.", a =>
            Network(a).SendLine(a.ArgumentText.Length > 0 ? a.ArgumentText : throw new UsageException("/raw LINE"), urgent: false));
    }

    private void Connect(CommandInvocation a)
    {
        if (a.Arguments.Count == 0)
        {
            if (Irc.All.Count == 0) a.Reply($"no networks yet. {ConnectCommand.Usage}");
            foreach (var n in Irc.All)
            {
                var info = n.ToInfo();
                a.Reply($"{info.Name}: {info.Server}{(info.Tls ? " TLS" : "")}, {info.State.ToString().ToLowerInvariant()}, nick {info.Nick}"
                    + (info.Lag is { } lag ? $", lag {lag.TotalMilliseconds:0} ms" : "")
                    + $", {n.State.Channels.Count} channel{(n.State.Channels.Count == 1 ? "" : "s")}");
            }
            return;
        }
        if (!ConnectCommand.TryParse(a.Arguments, settings, out var options, out var error)) throw new UsageException(error);
        Irc.Connect(options);
    }

    private void Disconnect(CommandInvocation a)
    {
        var (network, rest) = NetworkArgument(a);
        _ = network.DisconnectAsync(rest.Length > 0 ? rest : null);
    }

    private void Reconnect(CommandInvocation a)
    {
        var (network, _) = NetworkArgument(a);
        // Come back as who we are now, with the configured nick as the first fallback.
        var options = network.Options;
        if (network.State.Nick is { Length: > 0 } current && current != options.Nick)
        {
            network.Options = options with { Nick = current, AlternativeNicks = [options.Nick, .. options.AlternativeNicks.Where(n => n != current)] };
        }
        if (network.ConnectionState == IrcConnectionState.WaitingToReconnect) network.ReconnectNow();
        else _ = network.RestartAsync();
    }

    private void Join(CommandInvocation a)
    {
        var network = Network(a);
        var channels = string.Join(',', Need(a, 0, "#CHAN").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => network.State.Support.IsTypedChannel(c) ? c : "#" + c));
        network.JoinWhenReady(channels, a.Arguments.Count > 1 ? a.Arguments[1] : null);
    }

    private void Part(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, reason) = ChannelArgument(a, network, 0);
        network.Send(reason.Length > 0 ? new IrcMessage("PART", channel, reason) : new IrcMessage("PART", channel));
    }

    private void Msg(CommandInvocation a)
    {
        var target = Need(a, 0, "TARGET");
        var text = Rest(a, 1);
        if (text.Length == 0) throw new UsageException("/msg TARGET TEXT");
        var network = Network(a);
        network.SendText("PRIVMSG", target, text);
    }

    private void Query(CommandInvocation a)
    {
        var nick = Need(a, 0, "NICK");
        var network = Network(a);
        var buffer = BufferNames.Target(network.Name, nick);
        if (Ui() is { } model)
        {
            model.Open(buffer, network.Name);
            model.SwitchTo(buffer);
        }
        if (Rest(a, 1) is { Length: > 0 } text) network.SendText("PRIVMSG", nick, text);
    }

    private void Ctcp(CommandInvocation a)
    {
        if (a.Arguments.Count < 2) throw new UsageException("/ctcp NICK|#CHAN VERSION|PING|TIME|CLIENTINFO|… [ARGS]");
        var network = Network(a);
        network.RequireRegistered();
        var (target, command) = (a.Arguments[0], a.Arguments[1].ToUpperInvariant());
        if (command == "ACTION") throw new InvalidOperationException("An ACTION is sent with /me TEXT.");
        var arguments = Rest(a, 2);
        // A PING carries the time it was sent (ms since 1970), as irssi's does, so its reply shows the round trip.
        if (command == "PING" && arguments.Length == 0) arguments = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        network.Send(new IrcMessage("PRIVMSG", target, Protocol.Ctcp.Frame(command, arguments)));
        a.Reply($"CTCP {command} sent to {target}");
    }

    private void List(CommandInvocation a)
    {
        var network = Network(a);
        network.RequireRegistered();
        var listing = ChannelListing.Parse(a.Arguments);
        network.Send(listing.Request(network.State.Support));
        network.Listing = listing;
    }

    /// <summary>/close: a channel is parted (its buffer closes when the server confirms), a query forgotten, any other buffer closed.</summary>
    private void Close(CommandInvocation a)
    {
        var model = RequireUi(a);
        if (a.Arguments.Count > 1) throw new UsageException("/close [BUFFER]");
        var buffer = a.Arguments.Count == 0 ? a.Buffer ?? model.CurrentBuffer : BufferOf(a, model, a.Arguments[0]);
        if (string.Equals(buffer, IUiModel.StatusBuffer, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The status buffer cannot be closed; /quit leaves the client.");
        }
        if (!model.Buffers().Any(b => string.Equals(b.Name, buffer, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"There is no buffer '{buffer}'; /buffer lists them.");
        }
        var (name, target) = BufferNames.Parse(buffer);
        var network = Irc.Find(name);
        if (network is not null && target is null && network.ConnectionState != IrcConnectionState.Disconnected)
        {
            throw new InvalidOperationException($"{buffer} is the server buffer of a network still in use: /disconnect {network.Name} first.");
        }
        if (network is not null && target is not null && network.IsRegistered && network.State.Channels.ContainsKey(target))
        {
            network.Send(new IrcMessage("PART", target));
            printer.Close(buffer, afterPart: true);
            return;
        }
        printer.Close(buffer, afterPart: false);
    }

    /// <summary>A buffer named in a command: as it is when a buffer has that name, else a channel or nick of this buffer's network.</summary>
    private string BufferOf(CommandInvocation a, IUiModel model, string name)
    {
        if (model.Buffers().Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))) return name;
        return Irc.Find(BufferNames.Parse(a.Buffer ?? model.CurrentBuffer).Network) is { } network ? BufferNames.Target(network.Name, name) : name;
    }

    private void Me(CommandInvocation a)
    {
        if (a.ArgumentText.Length == 0) throw new UsageException("/me TEXT");
        var network = Network(a);
        var target = Conversation(a);
        network.RequireJoined(target);
        network.SendText("PRIVMSG", target, a.ArgumentText, action: true);
    }

    private void Notice(CommandInvocation a)
    {
        var target = Need(a, 0, "TARGET");
        var text = Rest(a, 1);
        if (text.Length == 0) throw new UsageException("/notice TARGET TEXT");
        Network(a).SendText("NOTICE", target, text);
    }

    private void Nick(CommandInvocation a)
    {
        var nick = a.ArgumentText.Trim();
        if (nick.Length == 0) throw new UsageException("/nick NEWNICK");
        var network = Network(a);
        if (!NickSyntax.IsValid(nick, network.State.Support))
        {
            throw new InvalidOperationException($"'{nick}' is not a valid nick: one word without {NickSyntax.Forbidden}, not starting with {NickSyntax.ForbiddenFirst}, a channel prefix or a status prefix.");
        }
        Irc.ChangeNick(network.Name, nick);
    }

    private void Topic(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, text) = ChannelArgument(a, network, 0);
        if (text.Length > 0)
        {
            network.Send(new IrcMessage("TOPIC", channel, text));
        }
        else if (network.State.Channels.TryGetValue(channel, out var state))
        {
            a.Reply(state.Topic.Length == 0 ? $"{channel} has no topic" : $"topic of {channel}: {state.Topic}{(state.TopicSetBy is { } by ? $" (set by {by})" : "")}");
        }
        else
        {
            network.Send(new IrcMessage("TOPIC", channel));
        }
    }

    private void Mode(CommandInvocation a)
    {
        var network = Network(a);
        var args = a.Arguments.ToList();
        if (args.Count == 0 || args[0].StartsWith('+') || args[0].StartsWith('-'))
        {
            args.Insert(0, BufferNames.Parse(a.Buffer ?? "").Target ?? network.State.Nick);
        }
        network.Send(new IrcMessage("MODE", args));
    }

    private void Kick(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, rest) = ChannelArgument(a, network, 0);
        var words = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new UsageException("/kick [#CHAN] NICK [REASON]");
        network.Send(words.Length > 1 ? new IrcMessage("KICK", channel, words[0], words[1]) : new IrcMessage("KICK", channel, words[0]));
    }

    private void Invite(CommandInvocation a)
    {
        var network = Network(a);
        var nick = Need(a, 0, "NICK");
        var channel = a.Arguments.Count > 1 ? a.Arguments[1] : Channel(a, network);
        network.Send(new IrcMessage("INVITE", nick, channel));
    }

    private void Names(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, _) = ChannelArgument(a, network, 0);
        network.Send(new IrcMessage("NAMES", channel));
    }
}
