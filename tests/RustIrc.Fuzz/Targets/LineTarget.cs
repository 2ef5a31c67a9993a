using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// The line parser as the connection runs it (<see cref="IrcLineView.TryParse"/>, then <see cref="IrcLineView.ToMessage(IrcStringPool?)"/>),
/// the text parser scripts use, and a round trip: a parsed message that can be written must parse back the same.
/// </summary>
internal sealed class LineTarget : FuzzTarget
{
    private readonly IrcStringPool _pool = new();

    public override string Name => "line";

    public override string CorpusFolder => "irc";

    public override void Run(byte[] input)
    {
        if (IrcLineView.TryParse(input, out var view) != IrcParseError.None) return;
        for (var i = 0; i < view.ParameterCount; i++) _ = view.Parameter(i);
        foreach (var tag in view.EnumerateTags()) _ = IrcTags.Unescape(tag.EscapedValue);
        _ = view.TryGetTag("time"u8, out _);
        _ = view.VerbIs("PRIVMSG"u8);
        var message = view.ToMessage(_pool);
        if (message.Source is { } source) _ = IrcSource.Parse(source);
        _ = IrcMessage.TryParse(IrcText.Decode(input), out _, out _);

        string line;
        try
        {
            line = message.Format();
        }
        catch (IrcFormatException)
        {
            return; // a tag key the writer refuses: parsed leniently, written strictly
        }
        if (!IrcMessage.TryParse(line, out var again, out var error))
        {
            // Text read as Windows-1252 takes more bytes once written as UTF-8.
            if (error is IrcParseError.BodyTooLong or IrcParseError.TagsTooLong) return;
            throw new PropertyViolation($"line round trip: '{line}' does not parse back ({error})");
        }
        if (!again.Equals(message)) throw new PropertyViolation($"line round trip: '{line}' parses back as '{again.Format()}'");
    }
}
