using System.Text;
using RustIrc.Modules.Irc.Protocol;

namespace RustIrc.Modules.Irc.Tests.Protocol;

public sealed class MessageSplitterTests
{
    private const string Sentence =
        "The quick brown fox jumps over the lazy dog while seventeen small birds sing a rather long song about " +
        "nothing in particular, and then everyone goes home to sleep until the morning comes again tomorrow.";

    public static TheoryData<string, int> Texts => new()
    {
        { Sentence, 40 },
        { string.Concat(Enumerable.Repeat("héllo wörld → ", 60)), 50 },
        { string.Concat(Enumerable.Repeat("😀", 300)), 17 },
        { string.Concat(Enumerable.Repeat("日本語", 200)), 31 },
        { string.Concat(Enumerable.Repeat("a😀é ", 150)), 16 },
        { new string('x', 1024), 400 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Split_LongText_EveryPieceFitsTheBudget(string text, int budget)
    {
        var pieces = MessageSplitter.Split(text, budget);

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, budget));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Split_MultiByteText_NeverCutsACharacterInHalf(string text, int budget)
    {
        var pieces = MessageSplitter.Split(text, budget);

        foreach (var piece in pieces)
        {
            Assert.False(char.IsLowSurrogate(piece[0]), $"A piece starts with half a surrogate pair: {piece}");
            Assert.False(char.IsHighSurrogate(piece[^1]), $"A piece ends with half a surrogate pair: {piece}");
            // Strict UTF-8 round trip: a lone surrogate would become U+FFFD.
            Assert.Equal(piece, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(piece)));
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(20)]
    [InlineData(23)]
    [InlineData(29)]
    [InlineData(31)]
    [InlineData(40)]
    [InlineData(57)]
    [InlineData(64)]
    public void Split_TextWithSpaces_CutsAtSpacesSoJoiningWithOneSpaceRebuildsIt(int budget)
    {
        var pieces = MessageSplitter.Split(Sentence, budget);

        Assert.All(pieces, p => Assert.False(p.StartsWith(' ') || p.EndsWith(' '), $"Piece \"{p}\" (budget {budget}) has a space at a cut"));
        Assert.Equal(Sentence, string.Join(' ', pieces));
    }

    [Theory]
    [InlineData("sixteen-byte-wrd next words", 16, new[] { "sixteen-byte-wrd", "next words" })]
    [InlineData("sixteen-byte-wrd seventeen-bytes-w", 16, new[] { "sixteen-byte-wrd", "seventeen-bytes-", "w" })]
    public void Split_WordFillingTheBudgetExactly_DropsTheSpaceAfterIt(string text, int budget, string[] expected)
    {
        Assert.Equal(expected, MessageSplitter.Split(text, budget));
    }

    [Fact]
    public void Split_OneKilobyteWordWithoutSpaces_CutsAtCharacterBoundariesAndLosesNothing()
    {
        var word = string.Concat(Enumerable.Repeat("abcdé😀", 103)); // 1030 bytes, no space
        var pieces = MessageSplitter.Split(word, 400);

        Assert.Equal(3, pieces.Count);
        Assert.Equal(word, string.Concat(pieces));
        // A cut moves back at most to the start of the character that did not fit (3 bytes at most).
        Assert.All(pieces.SkipLast(1), p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 397, 400));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("exactly sixteen!")]
    public void Split_TextWithinBudget_ReturnsItWhole(string text)
    {
        Assert.Equal([text], MessageSplitter.Split(text, 16));
    }

    [Theory]
    [InlineData("nick", "user", "host.example.net", "PRIVMSG", "#channel")]
    [InlineData("a-very-long-nick", "identname", "a.very.long.cloaked.host.name.of.sixty.three.bytes.example.com", "NOTICE", "#a-channel-with-a-long-name")]
    public void TextBudget_PiecesOfALongMessage_FitInOneLineOnceTheServerAddsOurPrefix(string nick, string user, string host, string verb, string target)
    {
        var prefix = $"{nick}!{user}@{host}";
        var budget = MessageSplitter.TextBudget(Encoding.UTF8.GetByteCount(prefix), verb, target);

        var lines = MessageSplitter.Split(string.Concat(Enumerable.Repeat("wörds 😀 ", 200)), budget)
            .Select(piece => Encoding.UTF8.GetByteCount($":{prefix} {verb} {target} :{piece}\r\n"))
            .ToList();

        Assert.All(lines, bytes => Assert.True(bytes <= 512, $"A line of {bytes} bytes would be cut by the server"));
        Assert.All(lines.SkipLast(1), bytes => Assert.True(bytes > 490, $"A line of {bytes} bytes wastes room"));
    }
}
