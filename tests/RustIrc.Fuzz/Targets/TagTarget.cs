using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>The tags section alone: the enumerator, key validation, and unescaping, with escape then unescape giving the value back.</summary>
internal sealed class TagTarget : FuzzTarget
{
    public override string Name => "tags";

    public override string CorpusFolder => "tags";

    public override void Run(byte[] input)
    {
        foreach (var tag in new IrcTagEnumerator(input))
        {
            _ = IrcTags.IsValidKey(IrcText.Decode(tag.Key));
            var value = IrcTags.Unescape(tag.EscapedValue);
            var escaped = IrcTags.Escape(value);
            if (escaped.AsSpan().IndexOfAny("; \r\n") >= 0) throw new PropertyViolation($"tag escape: '{escaped}' still holds a character a tag value cannot");
            if (IrcTags.Unescape(escaped.AsSpan()) != value) throw new PropertyViolation($"tag escape: '{value}' does not come back from '{escaped}'");
        }
    }
}
