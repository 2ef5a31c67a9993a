using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>
/// The IRC slash commands. A command acts on the network (and channel or query) of the buffer it was
/// typed in; with one network only, it is used from any buffer. Mistakes are answered in words, never
/// thrown, so they do not count as the module's faults.
/// </summary>
internal sealed class IrcCommands(IrcService irc, IrcSettings settings, Func<IUiModel?> ui)
{
    public void Register(ICommandRegistry commands)
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
        Add(commands, "whois", "/whois NICK", "Asks the server who someone is.", a => Network(a).Send(new IrcMessage("WHOIS", Need(a, 0, "NICK"))));
        Add(commands, "names", "/names [#CHAN]", "Lists the members of a channel.", Names);
        Add(commands, "away", "/away [MESSAGE]", "Marks you away with MESSAGE, or back without one.", a =>
            Network(a).Send(a.ArgumentText.Length == 0 ? new IrcMessage("AWAY") : new IrcMessage("AWAY", a.ArgumentText)));
        Add(commands, "raw", "/raw LINE", "Sends a line to the server exactly as typed.", a =>
            Network(a).SendLine(a.ArgumentText.Length > 0 ? a.ArgumentText : throw new UsageException("/raw LINE"), urgent: false));
    }

    private static void Add(ICommandRegistry commands, string name, string usage, string help, Action<CommandInvocation> run) =>
        commands.Register(new CommandDefinition
        {
            Name = name,
            Usage = usage,
            Help = help,
            Handler = invocation =>
            {
                try
                {
                    run(invocation);
                }
                catch (UsageException usageError)
                {
                    invocation.Error($"usage: {usageError.Message}");
                }
                catch (Exception ex) when (ex is InvalidOperationException or IrcFormatException or ArgumentException)
                {
                    invocation.Error(ex.Message);
                }
                return ValueTask.CompletedTask;
            },
        });

    private void Connect(CommandInvocation a)
    {
        if (a.Arguments.Count == 0)
        {
            if (irc.All.Count == 0) a.Reply($"no networks yet. {ConnectCommand.Usage}");
            foreach (var n in irc.All)
            {
                var info = n.ToInfo();
                a.Reply($"{info.Name}: {info.Server}{(info.Tls ? " TLS" : "")}, {info.State.ToString().ToLowerInvariant()}, nick {info.Nick}"
                    + (info.Lag is { } lag ? $", lag {lag.TotalMilliseconds:0} ms" : "")
                    + $", {n.State.Channels.Count} channel{(n.State.Channels.Count == 1 ? "" : "s")}");
            }
            return;
        }
        if (!ConnectCommand.TryParse(a.Arguments, settings, out var options, out var error)) throw new UsageException(error);
        irc.Connect(options);
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
            .Select(c => network.State.Support.IsChannel(c) ? c : "#" + c));
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
        if (ui() is { } model)
        {
            model.Open(buffer, network.Name);
            model.SwitchTo(buffer);
        }
        if (Rest(a, 1) is { Length: > 0 } text) network.SendText("PRIVMSG", nick, text);
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
        irc.ChangeNick(network.Name, nick);
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

    /// <summary>The network of the buffer the command was typed in, or the only network there is.</summary>
    private IrcNetwork Network(CommandInvocation a)
    {
        var (name, _) = BufferNames.Parse(a.Buffer ?? "");
        if (irc.Find(name) is { } network) return network;
        return irc.All.Count switch
        {
            0 => throw new InvalidOperationException("Not connected to any network: /connect HOST first."),
            1 => irc.All[0],
            _ => throw new InvalidOperationException($"Which network? Switch to one of its buffers first (/buffer {irc.All[0].Name}); networks: {string.Join(", ", irc.All.Select(n => n.Name))}."),
        };
    }

    /// <summary>An optional leading NETWORK argument (for /disconnect and /reconnect), then the rest.</summary>
    private (IrcNetwork Network, string Remainder) NetworkArgument(CommandInvocation a)
    {
        if (a.Arguments.Count > 0 && irc.Find(a.Arguments[0]) is { } named) return (named, Rest(a, 1));
        return (Network(a), a.ArgumentText);
    }

    /// <summary>An optional leading channel argument, else the channel of this buffer; then the rest of the text.</summary>
    private static (string Channel, string Remainder) ChannelArgument(CommandInvocation a, IrcNetwork network, int at)
    {
        if (a.Arguments.Count > at && network.State.Support.IsChannel(a.Arguments[at])) return (a.Arguments[at], Rest(a, at + 1));
        return (Channel(a, network), Rest(a, at));
    }

    private static string Channel(CommandInvocation a, IrcNetwork network) =>
        BufferNames.Parse(a.Buffer ?? "").Target is { } target && network.State.Support.IsChannel(target)
            ? target
            : throw new InvalidOperationException($"/{a.Name} needs a channel here: name it, or type it in the channel's buffer.");

    private static string Conversation(CommandInvocation a) =>
        BufferNames.Parse(a.Buffer ?? "").Target
        ?? throw new InvalidOperationException($"/{a.Name} works in a channel or query buffer; this is {a.Buffer ?? "no buffer"}.");

    private static string Need(CommandInvocation a, int index, string what) =>
        a.Arguments.Count > index ? a.Arguments[index] : throw new UsageException($"/{a.Name} needs {what}");

    /// <summary>The argument text after the first <paramref name="skip"/> words, spacing kept.</summary>
    private static string Rest(CommandInvocation a, int skip)
    {
        var text = a.ArgumentText;
        for (var i = 0; i < skip; i++)
        {
            var space = text.IndexOf(' ');
            if (space < 0) return "";
            text = text[(space + 1)..].TrimStart(' ');
        }
        return text;
    }

    private sealed class UsageException(string message) : Exception(message);
}
