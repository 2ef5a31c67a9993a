using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.State;

/// <summary>How a channel mode takes its argument, by the four CHANMODES groups plus membership prefixes.</summary>
internal enum ChannelModeKind
{
    /// <summary>A list mode (bans, exceptions): always has an argument, adds to or removes from a list.</summary>
    List,
    /// <summary>Always has an argument (e.g. k).</summary>
    AlwaysArgument,
    /// <summary>Has an argument only when set (e.g. l).</summary>
    ArgumentWhenSet,
    /// <summary>Never has an argument.</summary>
    Flag,
    /// <summary>A membership prefix (o, v, …): the argument is a nick.</summary>
    Prefix,
}

/// <summary>What the server told us about itself in RPL_ISUPPORT (005), with the defaults RFC 1459 implies.</summary>
internal sealed class ISupport
{
    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Tokens => _tokens;

    public CaseMapping CaseMapping { get; private set; } = CaseMapping.Rfc1459;

    /// <summary>Prefix modes, highest rank first (e.g. <c>ov</c>).</summary>
    public string PrefixModes { get; private set; } = "ov";

    /// <summary>Prefix symbols matching <see cref="PrefixModes"/> (e.g. <c>@+</c>).</summary>
    public string PrefixSymbols { get; private set; } = "@+";

    public string ChannelTypes { get; private set; } = "#&";

    /// <summary>
    /// The membership prefixes a message target may start with to reach only the channel's members of that
    /// status (<c>@#chan</c>: its operators), from STATUSMSG; none until the server says.
    /// </summary>
    public string StatusMessagePrefixes { get; private set; } = "";

    public string ListModes { get; private set; } = "beI";

    public string AlwaysArgumentModes { get; private set; } = "k";

    public string ArgumentWhenSetModes { get; private set; } = "l";

    public string FlagModes { get; private set; } = "imnpst";

    public string? NetworkName { get; private set; }

    public int NickLength { get; private set; } = 30;

    /// <summary>How many mode changes with an argument one MODE line may carry.</summary>
    public int ModesPerLine { get; private set; } = 3;

    /// <summary>Applies the tokens of one 005 line (its parameters between our nick and the trailing text).</summary>
    public void Apply(IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.Length == 0) continue;
            if (token[0] == '-')
            {
                if (_tokens.Remove(token[1..])) Rebuild();
                continue;
            }
            var equals = token.IndexOf('=');
            var key = equals < 0 ? token : token[..equals];
            var value = equals < 0 ? "" : UnescapeValue(token[(equals + 1)..]);
            _tokens[key] = value;
            Set(key, value);
        }
    }

    public bool IsChannel(string target) => IrcTarget.IsChannel(target, ChannelTypes);

    /// <summary>
    /// Whether a name the user typed names a channel as it is: by CHANTYPES once the server sent it, and
    /// before that by any RFC 2811 prefix, since servers such as ngIRCd also have <c>+</c> channels.
    /// </summary>
    public bool IsTypedChannel(string target) =>
        _tokens.ContainsKey("CHANTYPES") ? IsChannel(target) : IrcTarget.IsChannel(target, "#&+!");

    /// <summary>The channel of a target such as <c>@#chan</c> (a message to some of its members, by STATUSMSG), or null.</summary>
    public string? StatusMessageChannel(string target) => IrcTarget.StatusMessageChannel(target, StatusMessagePrefixes, ChannelTypes);

    public ChannelModeKind Classify(char mode)
    {
        if (PrefixModes.Contains(mode)) return ChannelModeKind.Prefix;
        if (ListModes.Contains(mode)) return ChannelModeKind.List;
        if (AlwaysArgumentModes.Contains(mode)) return ChannelModeKind.AlwaysArgument;
        if (ArgumentWhenSetModes.Contains(mode)) return ChannelModeKind.ArgumentWhenSet;
        return ChannelModeKind.Flag;
    }

    /// <summary>The prefix symbol of a prefix mode, or '\0'.</summary>
    public char SymbolOf(char mode)
    {
        var at = PrefixModes.IndexOf(mode);
        return at < 0 ? '\0' : PrefixSymbols[at];
    }

    /// <summary>The rank of a prefix symbol (0 = highest), or -1 when it is not one.</summary>
    public int RankOf(char symbol) => PrefixSymbols.IndexOf(symbol);

    private void Set(string key, string value)
    {
        switch (key.ToUpperInvariant())
        {
            case "CASEMAPPING":
                CaseMapping = IrcCaseMapping.Parse(value);
                break;
            case "PREFIX":
                // (modes)symbols, e.g. (qaohv)~&@%+; an empty value means no prefixes at all.
                var close = value.IndexOf(')');
                if (value.StartsWith('(') && close > 0 && value.Length - close - 1 == close - 1)
                {
                    PrefixModes = value[1..close];
                    PrefixSymbols = value[(close + 1)..];
                }
                else if (value.Length == 0)
                {
                    PrefixModes = PrefixSymbols = "";
                }
                break;
            case "CHANTYPES":
                ChannelTypes = value;
                break;
            case "STATUSMSG":
                StatusMessagePrefixes = value;
                break;
            case "CHANMODES":
                var groups = value.Split(',');
                ListModes = groups.ElementAtOrDefault(0) ?? "";
                AlwaysArgumentModes = groups.ElementAtOrDefault(1) ?? "";
                ArgumentWhenSetModes = groups.ElementAtOrDefault(2) ?? "";
                FlagModes = groups.ElementAtOrDefault(3) ?? "";
                break;
            case "NETWORK":
                NetworkName = value;
                break;
            case "NICKLEN":
                if (int.TryParse(value, out var nickLength) && nickLength > 0) NickLength = nickLength;
                break;
            case "MODES":
                ModesPerLine = int.TryParse(value, out var modes) && modes > 0 ? modes : value.Length == 0 ? int.MaxValue : 3;
                break;
        }
    }

    /// <summary>Back to the defaults, then every token still advertised: as if a withdrawn one was never sent.</summary>
    private void Rebuild()
    {
        var defaults = new ISupport();
        CaseMapping = defaults.CaseMapping;
        PrefixModes = defaults.PrefixModes;
        PrefixSymbols = defaults.PrefixSymbols;
        ChannelTypes = defaults.ChannelTypes;
        StatusMessagePrefixes = defaults.StatusMessagePrefixes;
        ListModes = defaults.ListModes;
        AlwaysArgumentModes = defaults.AlwaysArgumentModes;
        ArgumentWhenSetModes = defaults.ArgumentWhenSetModes;
        FlagModes = defaults.FlagModes;
        NetworkName = defaults.NetworkName;
        NickLength = defaults.NickLength;
        ModesPerLine = defaults.ModesPerLine;
        foreach (var (key, value) in _tokens) Set(key, value);
    }

    /// <summary>ISUPPORT values escape unsafe bytes as <c>\xHH</c>.</summary>
    private static string UnescapeValue(string value)
    {
        if (!value.Contains("\\x", StringComparison.Ordinal)) return value;
        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length + 0 && value[i + 1] == 'x'
                && byte.TryParse(value.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                result.Append((char)b);
                i += 3;
            }
            else
            {
                result.Append(value[i]);
            }
        }
        return result.ToString();
    }
}
