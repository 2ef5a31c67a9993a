using RustIrc.Modules.Irc;
using RustIrc.Modules.Irc.Protocol;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>CTCP framing of PRIVMSG and NOTICE text, the responder, and a round trip: a request framed again reads back the same.</summary>
internal sealed class CtcpTarget : FuzzTarget
{
    private readonly CtcpResponder _responder = new();
    private readonly IrcSettings _settings = new();

    public override string Name => "ctcp";

    public override string CorpusFolder => "ctcp";

    public override void Run(byte[] input)
    {
        var text = IrcText.Decode(input);
        if (!Ctcp.TryParse(text, out var command, out var arguments)) return;
        _ = _responder.Reply(command, arguments, _settings);
        var framed = Ctcp.Frame(command, arguments);
        if (!Ctcp.TryParse(framed, out var again, out var againArguments) || again != command || againArguments != arguments)
        {
            throw new PropertyViolation($"ctcp round trip: ({command}, {arguments}) framed as '{framed}' reads back as ({again}, {againArguments})");
        }
    }
}
