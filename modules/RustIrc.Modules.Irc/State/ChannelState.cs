using System.Text;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.State;

/// <summary>What we know about someone we share a channel with (or who talked to us).</summary>
internal sealed class UserState(string nick)
{
    public string Nick { get; set; } = nick;
    public string? User { get; set; }
    public string? Host { get; set; }
    public string? Account { get; set; }
    public string? RealName { get; set; }
    public bool Away { get; set; }
}

/// <summary>One channel we are on: topic, modes, members with their prefixes.</summary>
internal sealed class ChannelState
{
    public ChannelState(string name, StringComparer nicks)
    {
        Name = name;
        Members = new Dictionary<string, Membership>(nicks);
    }

    public string Name { get; }
    public string Topic { get; set; } = "";
    public string? TopicSetBy { get; set; }

    /// <summary>Flag and argument modes (not lists, not prefixes), with their argument or null.</summary>
    public SortedDictionary<char, string?> Modes { get; } = [];

    public Dictionary<string, Membership> Members { get; private set; }

    /// <summary>True between a 353 and its 366, so a NAMES reply replaces the list instead of piling up.</summary>
    public bool ReceivingNames { get; set; }

    public void Rekey(StringComparer nicks) => Members = Members.Rekeyed(nicks);

    public string FormatModes()
    {
        if (Modes.Count == 0) return "";
        var flags = new StringBuilder("+");
        var arguments = new StringBuilder();
        foreach (var (mode, argument) in Modes)
        {
            flags.Append(mode);
            if (argument is not null) arguments.Append(' ').Append(argument);
        }
        return flags.Append(arguments).ToString();
    }
}

/// <summary>A user's membership of a channel: the user and the prefixes they hold there, highest first.</summary>
internal sealed class Membership(UserState user)
{
    public UserState User { get; } = user;
    public string Prefixes { get; set; } = "";

    public void AddPrefix(char symbol, ISupport support)
    {
        if (Prefixes.Contains(symbol)) return;
        Prefixes = new string([.. (Prefixes + symbol).OrderBy(support.RankOf)]);
    }

    public void RemovePrefix(char symbol) => Prefixes = Prefixes.Replace(symbol.ToString(), "", StringComparison.Ordinal);

    public IrcMemberInfo ToInfo() => new()
    {
        Nick = User.Nick,
        Prefixes = Prefixes,
        User = User.User,
        Host = User.Host,
        Account = User.Account,
        Away = User.Away,
    };
}
