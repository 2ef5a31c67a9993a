// Property tests: any representable message survives Format then Parse, and the codec never throws on junk.
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcMessagePropertyTests
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string KeyChars = Letters + "0123456789-";

    // Text pieces: IRC-significant characters, ordinary ones, non-ASCII BMP characters and a surrogate pair.
    private static readonly Gen<string> AnyPiece = Gen.OneOf(
        Gen.Elements(";", " ", "\\", "\r", "\n", ":", "@", "=", "!", "#", "\t", "\u0003", "é", "“", "😀", "\\s", "\\:"),
        Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString()),
        Gen.Choose(0x01, 0xD7FF).Select(c => ((char)c).ToString()));

    private static Gen<string> Text(Gen<string> piece, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(piece, n)).Select(string.Concat);

    private static readonly Gen<string> TagValue = Text(AnyPiece.Where(p => !p.Contains('\0')), 0, 20);

    private static readonly Gen<string> SafePiece = AnyPiece.Where(p => p.IndexOfAny([' ', '\r', '\n', '\0']) < 0);

    private static readonly Gen<string> LinePiece = AnyPiece.Where(p => p.IndexOfAny(['\r', '\n', '\0']) < 0);

    private static readonly Gen<string> TagKey =
        from client in Gen.Elements("", "+")
        from vendor in Gen.Elements("", "example.com/", "draft/", "a-b.c9/")
        from name in Text(Gen.Elements(KeyChars.Select(c => c.ToString()).ToArray()), 1, 12)
        select client + vendor + name;

    private static readonly Gen<string> Verb = Gen.OneOf(
        Text(Gen.Elements(Letters.Select(c => c.ToString()).ToArray()), 1, 10),
        Gen.Choose(0, 999).Select(n => n.ToString("000")));

    private static readonly Gen<string> Middle = Text(SafePiece, 1, 6).Where(p => !p.StartsWith(':'));

    private static readonly Gen<IrcMessage> Messages =
        from tags in Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(TagKey.SelectMany(key => TagValue.Select(value => (key, value))), n))
        from source in Gen.OneOf(Gen.Constant<string?>(null), Text(SafePiece, 0, 12).Select(s => (string?)s))
        from verb in Verb
        from middles in Gen.Choose(0, 14).SelectMany(n => Gen.ArrayOf(Middle, n))
        from last in Gen.OneOf(Gen.Constant<string?>(null), Text(LinePiece, 0, 30).Select(s => (string?)s))
        let parameters = last is null ? middles : [.. middles, last]
        select new IrcMessage(verb, parameters) { Source = source, Tags = ToTags(tags) };

    // Only messages that fit the body limit can come back from a parse.
    private static readonly Arbitrary<IrcMessage> FittingMessages =
        Messages.Where(m => Encoding.UTF8.GetByteCount(m.Format()) - TagsLength(m) <= IrcLimits.MaxBodyBytes - 2).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property ParseOfFormat_AnyRepresentableMessage_GivesItBack() =>
        Prop.ForAll(FittingMessages, message =>
        {
            var line = message.Format();
            return message.Equals(IrcMessage.Parse(line)) && message.Equals(IrcMessage.Parse(Encoding.UTF8.GetBytes(line)));
        });

    [Property(MaxTest = 500)]
    public Property FormatOfParse_FormattedLine_IsStable() =>
        Prop.ForAll(FittingMessages, message =>
        {
            var line = message.Format();
            return IrcMessage.Parse(line).Format() == line;
        });

    [Property(MaxTest = 500)]
    public Property Unescape_OfEscape_GivesValueBack() =>
        Prop.ForAll(Text(AnyPiece, 0, 40).ToArbitrary(), value =>
        {
            var escaped = IrcTags.Escape(value);
            return IrcTags.Unescape(escaped) == value && escaped.IndexOfAny([';', ' ', '\r', '\n']) < 0;
        });

    [Property(MaxTest = 1000)]
    public Property TryParse_ArbitraryBytes_NeverThrows()
    {
        var wireByte = Gen.OneOf(
            Gen.Elements((byte)' ', (byte)':', (byte)'@', (byte)';', (byte)'=', (byte)'\\', (byte)'A', (byte)'1', (byte)0, (byte)'\r', (byte)'\n'),
            Gen.Choose(0, 255).Select(b => (byte)b));
        var lines = Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(wireByte, n));

        return Prop.ForAll(lines.ToArbitrary(), bytes =>
        {
            var error = IrcLineView.TryParse(bytes, out var view);
            if (error != IrcParseError.None)
            {
                return view.ParameterCount == 0;
            }

            var message = view.ToMessage();
            return message.Parameters.Count == view.ParameterCount && message.Parameters.Count <= IrcLimits.MaxParameters;
        });
    }

    [Property(MaxTest = 500)]
    public Property Comparer_EqualUnderMapping_SameHashCode()
    {
        var nickPiece = Gen.Elements("a", "A", "[", "{", "]", "}", "\\", "|", "~", "^", "z", "Z", "é");
        var pairs =
            from a in Text(nickPiece, 0, 6)
            from b in Text(nickPiece, 0, 6)
            from mapping in Gen.Elements(CaseMapping.Rfc1459, CaseMapping.StrictRfc1459, CaseMapping.Ascii)
            select (a, b, mapping);

        return Prop.ForAll(pairs.ToArbitrary(), pair =>
        {
            var (a, b, mapping) = pair;
            var comparer = IrcCaseMapping.Comparer(mapping);
            var equal = comparer.Equals(a, b);
            return equal == (IrcCaseMapping.Fold(a, mapping) == IrcCaseMapping.Fold(b, mapping))
                && (!equal || comparer.GetHashCode(a) == comparer.GetHashCode(b))
                && equal == (comparer.Compare(a, b) == 0);
        });
    }

    [Property(MaxTest = 300)]
    public Property Matches_TextWithoutWildcards_MatchesItselfAndStar() =>
        Prop.ForAll(Text(SafePiece, 0, 20).Where(s => s.IndexOfAny(['*', '?']) < 0).ToArbitrary(), text =>
            IrcMask.Matches(text, text) && IrcMask.Matches("*", text) && IrcMask.Matches(text + "*", text + "tail"));

    private static OrderedDictionary<string, string> ToTags(IEnumerable<(string Key, string Value)> pairs)
    {
        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            tags[key] = value;
        }

        return tags;
    }

    private static int TagsLength(IrcMessage message)
    {
        var line = message.Format();
        return line.StartsWith('@') ? Encoding.UTF8.GetByteCount(line[..(line.IndexOf(' ') + 1)]) : 0;
    }
}
