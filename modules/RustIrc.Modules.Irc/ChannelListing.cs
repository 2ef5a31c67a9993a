using System.Globalization;
using RustIrc.Modules.Irc.State;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>
/// One <c>/list</c> under way: which channels of the LIST replies to show (a glob over the name or the
/// topic, and bounds on the number of users) and how many were shown, for the line that ends it.
/// </summary>
internal sealed class ChannelListing
{
    public const string Usage = "/list [FILTER] [>N] [<N]";

    private ChannelListing(string? glob, int? moreThan, int? fewerThan)
    {
        Glob = glob;
        MoreThan = moreThan;
        FewerThan = fewerThan;
    }

    /// <summary>The whole listing, for LIST replies nobody asked for with /list (<c>/raw LIST</c>).</summary>
    public static ChannelListing Everything => new(null, null, null);

    /// <summary>A pattern with <c>*</c> and <c>?</c>; a word without them is looked for anywhere (<c>rust</c> is <c>*rust*</c>).</summary>
    public string? Glob { get; }

    public int? MoreThan { get; }

    public int? FewerThan { get; }

    public int Shown { get; private set; }

    /// <summary>Reads the words after /list: at most one filter, and <c>&gt;N</c> / <c>&lt;N</c> user counts.</summary>
    public static ChannelListing Parse(IReadOnlyList<string> words)
    {
        string? glob = null;
        int? more = null, fewer = null;
        foreach (var word in words)
        {
            if (word.Length > 1 && word[0] is '>' or '<')
            {
                if (!int.TryParse(word.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw new InvalidOperationException($"'{word}' is not a user count: >N shows channels with more than N users, <N fewer than N.");
                }
                if (word[0] == '>') more = count;
                else fewer = count;
            }
            else if (glob is null)
            {
                glob = word.AsSpan().IndexOfAny('*', '?') >= 0 ? word : $"*{word}*";
            }
            else
            {
                throw new InvalidOperationException($"/list takes one filter; '{word}' is a second. {Usage}");
            }
        }
        return new ChannelListing(glob, more, fewer);
    }

    /// <summary>The LIST line: user counts go to the server when its ELIST has <c>U</c>; the filter is always applied here, since it looks at topics too.</summary>
    public IrcMessage Request(ISupport support)
    {
        var elist = support.Tokens.TryGetValue("ELIST", out var value) ? value : "";
        if (!elist.Contains('U', StringComparison.OrdinalIgnoreCase) || (MoreThan is null && FewerThan is null)) return new IrcMessage("LIST");
        var conditions = new List<string>(2);
        if (MoreThan is { } more) conditions.Add(">" + more.ToString(CultureInfo.InvariantCulture));
        if (FewerThan is { } fewer) conditions.Add("<" + fewer.ToString(CultureInfo.InvariantCulture));
        return new IrcMessage("LIST", string.Join(',', conditions));
    }

    /// <summary>The line for one RPL_LIST entry, or null when the filter hides it.</summary>
    public string? Show(string channel, string users, string topic, CaseMapping mapping)
    {
        var count = int.TryParse(users, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (MoreThan is { } more && count >= 0 && count <= more) return null;
        if (FewerThan is { } fewer && count >= 0 && count >= fewer) return null;
        if (Glob is { } glob && !IrcMask.Matches(glob, channel, mapping) && !IrcMask.Matches(glob, topic, CaseMapping.Ascii)) return null;
        Shown++;
        return topic.Length == 0 ? $"{channel} ({users})" : $"{channel} ({users}) {topic}";
    }

    /// <summary>The line after the last entry: <c>1 channel</c>, <c>2 channels matching *rust*</c>.</summary>
    public string End() => $"{Shown} channel{(Shown == 1 ? "" : "s")}{(Glob is null ? "" : $" matching {Glob}")}";
}
