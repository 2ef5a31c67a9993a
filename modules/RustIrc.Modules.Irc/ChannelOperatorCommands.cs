using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>
/// What a channel operator types: /op, /deop, /voice, /devoice, /ban, /unban and /kickban, on the channel
/// of the buffer (or one named first). Several nicks or masks go out in as few MODE lines as the
/// server's ISUPPORT MODES allows.
/// </summary>
internal sealed class ChannelOperatorCommands(IrcService irc, Func<IUiModel?> ui) : IrcCommandSet(irc, ui)
{
    /// <summary>Room kept for our source and the line end when a server's MODES is unlimited.</summary>
    private const int LineBudget = 400;

    public override void Register(ICommandRegistry commands)
    {
        Add(commands, "op", "/op [#CHAN] NICK…", "Gives channel operator status (+o) to each NICK.", a => Members(a, '+', 'o'), ChannelNicks);
        Add(commands, "deop", "/deop [#CHAN] NICK…", "Takes channel operator status (-o) from each NICK.", a => Members(a, '-', 'o'), ChannelNicks);
        Add(commands, "voice", "/voice [#CHAN] NICK…", "Gives voice (+v) to each NICK.", a => Members(a, '+', 'v'), ChannelNicks);
        Add(commands, "devoice", "/devoice [#CHAN] NICK…", "Takes voice (-v) from each NICK.", a => Members(a, '-', 'v'), ChannelNicks);
        Add(commands, "ban", "/ban [#CHAN] [MASK|NICK…]", "Bans each MASK, or NICK as *!*@their host (NICK!*@* when the host is not known); with nothing to ban, lists the bans.", Ban, ChannelNicks);
        Add(commands, "unban", "/unban [#CHAN] MASK…", "Removes each ban MASK (a NICK stands for the mask /ban would have set).", Unban, ChannelNicks);
        Add(commands, "kickban", "/kickban [#CHAN] NICK [REASON]", "Bans NICK (as /ban does), then kicks them with REASON.", KickBan, ChannelNicks);
    }

    private void Members(CommandInvocation a, char sign, char mode)
    {
        var network = Network(a);
        var (channel, rest) = ChannelArgument(a, network, 0);
        var nicks = Words(rest);
        if (nicks.Length == 0) throw new UsageException($"/{a.Name} [#CHAN] NICK…");
        SendModes(network, channel, sign, mode, nicks);
    }

    private void Ban(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, rest) = ChannelArgument(a, network, 0);
        var targets = Words(rest);
        if (targets.Length == 0)
        {
            network.Send(new IrcMessage("MODE", channel, "+b"));
            return;
        }
        SendModes(network, channel, '+', 'b', [.. targets.Select(t => BanMask(network, t))]);
    }

    private void Unban(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, rest) = ChannelArgument(a, network, 0);
        var masks = Words(rest);
        if (masks.Length == 0) throw new UsageException("/unban [#CHAN] MASK…");
        SendModes(network, channel, '-', 'b', [.. masks.Select(m => BanMask(network, m))]);
    }

    private void KickBan(CommandInvocation a)
    {
        var network = Network(a);
        var (channel, rest) = ChannelArgument(a, network, 0);
        var words = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || IsMask(words[0])) throw new UsageException("/kickban [#CHAN] NICK [REASON]");
        var nick = words[0];
        network.Send(new IrcMessage("MODE", channel, "+b", BanMask(network, nick)));
        network.Send(words.Length > 1 ? new IrcMessage("KICK", channel, nick, words[1].Trim()) : new IrcMessage("KICK", channel, nick));
    }

    /// <summary>A mask as typed (<c>user@host</c> gets <c>*!</c> in front); a nick becomes <c>*!*@host</c> by what we know of them, else <c>nick!*@*</c>.</summary>
    private static string BanMask(IrcNetwork network, string target)
    {
        if (IsMask(target)) return target.Contains('!') || !target.Contains('@') ? target : "*!" + target;
        return network.State.Users.TryGetValue(target, out var user) && user.Host is { Length: > 0 } host ? $"*!*@{host}" : $"{target}!*@*";
    }

    private static bool IsMask(string word) => word.AsSpan().IndexOfAny("!@*?") >= 0;

    /// <summary>
    /// Sends <c>MODE channel ±mmm a b c</c> lines, at most MODES changes each (and no longer than a line
    /// may be), so <c>/op a b c d</c> on a server with MODES=3 is two lines.
    /// </summary>
    private static void SendModes(IrcNetwork network, string channel, char sign, char mode, IReadOnlyList<string> arguments)
    {
        network.RequireRegistered();
        foreach (var line in ModeLines(channel, sign, mode, arguments, network.State.Support.ModesPerLine)) network.Send(line);
    }

    private static IEnumerable<IrcMessage> ModeLines(string channel, char sign, char mode, IReadOnlyList<string> arguments, int perLine)
    {
        var at = 0;
        while (at < arguments.Count)
        {
            var take = 0;
            var length = channel.Length + 8;
            while (at + take < arguments.Count && take < perLine && (take == 0 || length + arguments[at + take].Length + 2 <= LineBudget))
            {
                length += arguments[at + take].Length + 2;
                take++;
            }
            yield return new IrcMessage("MODE", [channel, sign + new string(mode, take), .. arguments.Skip(at).Take(take)]);
            at += take;
        }
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
