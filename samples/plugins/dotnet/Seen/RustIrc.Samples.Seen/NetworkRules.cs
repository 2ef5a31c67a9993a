using RustIrc.Sdk.Irc;

namespace RustIrc.Samples.Seen;

/// <summary>
/// How each network compares nicks (CASEMAPPING) and which names are channels (CHANTYPES), asked of the
/// irc module once per network rather than on every message; <see cref="Forget"/> when the server
/// announces its rules (005) so the next question sees them.
/// </summary>
internal sealed class NetworkRules(Func<IIrcService> irc)
{
    private const string DefaultChannelTypes = "#&";

    private readonly Dictionary<string, (CaseMapping Mapping, string ChannelTypes)> _known = new(StringComparer.OrdinalIgnoreCase);

    public CaseMapping MappingOf(string network) => Of(network).Mapping;

    public bool IsChannel(string network, string target) => IrcTarget.IsChannel(target, Of(network).ChannelTypes);

    public void Forget(string network) => _known.Remove(network);

    private (CaseMapping Mapping, string ChannelTypes) Of(string network)
    {
        if (_known.TryGetValue(network, out var rules)) return rules;
        var info = irc().FindNetwork(network);
        // IRC's defaults for a network not (yet) known; not kept, so the real rules are read once it is.
        if (info is null) return (CaseMapping.Rfc1459, DefaultChannelTypes);
        rules = (info.CaseMapping, info.ISupport.TryGetValue("CHANTYPES", out var types) && types.Length > 0 ? types : DefaultChannelTypes);
        _known[network] = rules;
        return rules;
    }
}
