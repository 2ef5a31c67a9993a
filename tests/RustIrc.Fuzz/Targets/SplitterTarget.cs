using System.Text;
using RustIrc.Modules.Irc.Protocol;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// The message splitter over any text and budget (the first two bytes of the input): no piece is over the
/// budget, and the pieces hold the text but for the spaces cut at.
/// </summary>
internal sealed class SplitterTarget : FuzzTarget
{
    public override string Name => "splitter";

    public override string CorpusFolder => "text";

    public override void Run(byte[] input)
    {
        // A budget from -100 to 600 bytes: what a long nick, host and target leave, and less.
        var budget = input.Length >= 2 ? (input[0] | input[1] << 8) % 701 - 100 : 400;
        var text = IrcText.Decode(input.AsSpan(Math.Min(2, input.Length)));
        var target = text.Length > 0 ? text[..Math.Min(text.Length, 50)] : "#rustirc";
        _ = MessageSplitter.TextBudget(input.Length, "PRIVMSG", target, input.Length % 10);

        var pieces = MessageSplitter.Split(text, budget);
        var limit = Math.Max(budget, 16);
        foreach (var piece in pieces)
        {
            var bytes = Encoding.UTF8.GetByteCount(piece);
            if (bytes > limit) throw new PropertyViolation($"splitter: a piece of {bytes} bytes for a budget of {limit}");
        }
        if (!string.Concat(pieces).Replace(" ", "", StringComparison.Ordinal).Equals(text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal))
        {
            throw new PropertyViolation("splitter: the pieces do not hold the text");
        }
    }
}
