using RustIrc.Modules.Irc.State;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// RPL_ISUPPORT (005) lines applied to a network's state as the dispatcher does (the parameters between our
/// nick and the trailing text), over channels and users named from the same lines, then every question the
/// client asks of the result (mode kinds, prefix ranks, channel names). State carries over a few lines, as
/// a server's burst of 005s does.
/// </summary>
internal sealed class ISupportTarget : FuzzTarget
{
    private NetworkState _state = new("me");
    private int _lines;

    public override string Name => "isupport";

    public override string CorpusFolder => "irc";

    public override void Run(byte[] input)
    {
        if (IrcLineView.TryParse(input, out var view) != IrcParseError.None) return;
        var message = view.ToMessage();
        var p = message.Parameters;
        if (p.Count <= 2) return;
        if (++_lines % 64 == 0) _state = new NetworkState("me");

        // Names that differ in one case mapping and not in another are what a CASEMAPPING change must survive.
        foreach (var name in p)
        {
            if (name.Length == 0) continue;
            _state.GetOrAddUser(name);
            if (_state.Support.IsChannel(name)) _state.Join(_state.AddChannel(name), name);
        }
        _state.ApplySupport(p.Skip(1).Take(p.Count - 2).ToArray());

        var support = _state.Support;
        foreach (var c in p[^1].AsSpan(0, Math.Min(p[^1].Length, 64)))
        {
            _ = support.Classify(c);
            _ = support.SymbolOf(c);
            _ = support.RankOf(c);
        }
        foreach (var token in p)
        {
            _ = support.IsChannel(token);
            _ = support.StatusMessageChannel(token);
        }
    }
}
