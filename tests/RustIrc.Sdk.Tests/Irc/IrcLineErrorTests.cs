// Malformed and oversized lines: the right IrcParseError, and never an exception from TryParse.
using RustIrc.Sdk.Irc;
using static RustIrc.Sdk.Tests.Irc.IrcTestMessages;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcLineErrorTests
{
    private const int MaxBody = IrcLimits.MaxBodyBytes - 2;

    [Theory]
    [InlineData("", IrcParseError.Empty)]
    [InlineData("   ", IrcParseError.Empty)]
    [InlineData("@a=b", IrcParseError.MissingVerb)]
    [InlineData("@a=b   ", IrcParseError.MissingVerb)]
    [InlineData("@", IrcParseError.MissingVerb)]
    [InlineData(":src", IrcParseError.MissingVerb)]
    [InlineData(":src   ", IrcParseError.MissingVerb)]
    [InlineData(":", IrcParseError.MissingVerb)]
    [InlineData("@a :src", IrcParseError.MissingVerb)]
    [InlineData("@a :src ", IrcParseError.MissingVerb)]
    [InlineData("PRIV1MSG #a", IrcParseError.InvalidVerb)]
    [InlineData("12 a", IrcParseError.InvalidVerb)]
    [InlineData("1234", IrcParseError.InvalidVerb)]
    [InlineData("00a", IrcParseError.InvalidVerb)]
    [InlineData(":src :PRIVMSG", IrcParseError.InvalidVerb)]
    [InlineData("foo:bar", IrcParseError.InvalidVerb)]
    [InlineData("foo\tbar baz", IrcParseError.InvalidVerb)]
    [InlineData("PRÏVMSG #a", IrcParseError.InvalidVerb)]
    [InlineData(" @a=b PING", IrcParseError.InvalidVerb)]
    [InlineData("PRIVMSG #a :hi\0there", IrcParseError.IllegalCharacter)]
    [InlineData("PRIVMSG #a :hi\r\nQUIT :bye", IrcParseError.IllegalCharacter)]
    [InlineData("PRIVMSG #a :hi\n", IrcParseError.IllegalCharacter)]
    [InlineData("@a=\r PRIVMSG #a :hi", IrcParseError.IllegalCharacter)]
    [InlineData(":ni\0ck PRIVMSG #a :hi", IrcParseError.IllegalCharacter)]
    [InlineData("@a=b\0", IrcParseError.IllegalCharacter)]
    public void TryParse_MalformedLine_ReportsError(string line, IrcParseError expected)
    {
        Assert.Equal(expected, IrcLineView.TryParse(Bytes(line), out var view));
        Assert.Equal(0, view.ParameterCount);
        Assert.True(view.Verb.IsEmpty);

        Assert.False(IrcMessage.TryParse(line, out var message, out var error));
        Assert.Null(message);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("", IrcParseError.Empty, "empty")]
    [InlineData(":src", IrcParseError.MissingVerb, "no command")]
    [InlineData("12 a", IrcParseError.InvalidVerb, "three-digit")]
    [InlineData("PRIVMSG #a :a\nb", IrcParseError.IllegalCharacter, "CR or LF")]
    public void Parse_MalformedLine_ThrowsWithErrorAndExplanation(string line, IrcParseError expected, string explanation)
    {
        var fromText = Assert.Throws<IrcFormatException>(() => IrcMessage.Parse(line));
        var fromBytes = Assert.Throws<IrcFormatException>(() => IrcMessage.Parse(Bytes(line)));

        Assert.Equal(expected, fromText.Error);
        Assert.Equal(expected, fromBytes.Error);
        Assert.Contains(explanation, fromText.Message);
        Assert.IsAssignableFrom<FormatException>(fromText);
    }

    [Fact]
    public void TryParse_NullText_EmptyWithoutThrowing()
    {
        Assert.False(IrcMessage.TryParse(null!, out var message, out var error));
        Assert.Null(message);
        Assert.Equal(IrcParseError.Empty, error);
        Assert.Throws<ArgumentNullException>(() => IrcMessage.Parse((string)null!));
    }

    [Fact]
    public void TryParse_ThirtyTwoParameters_Accepted()
    {
        var line = "FOO " + string.Join(' ', Enumerable.Range(0, 31).Select(i => $"p{i}")) + " :last one";

        var message = IrcMessage.Parse(line);

        Assert.Equal(IrcLimits.MaxParameters, message.Parameters.Count);
        Assert.Equal("last one", message.Parameters[^1]);
    }

    [Theory]
    [InlineData(" :last one")]
    [InlineData(" p32")]
    [InlineData(" :")]
    public void TryParse_ThirtyThreeParameters_TooManyParameters(string extra)
    {
        var line = "FOO " + string.Join(' ', Enumerable.Range(0, 32).Select(i => $"p{i}")) + extra;

        Assert.Equal(IrcParseError.TooManyParameters, IrcLineView.TryParse(Bytes(line), out _));
    }

    [Fact]
    public void TryParse_ThirtyTwoParametersThenSpaces_Accepted()
    {
        var line = "FOO " + string.Join(' ', Enumerable.Range(0, 32).Select(i => $"p{i}")) + "    ";

        Assert.Equal(IrcParseError.None, IrcLineView.TryParse(Bytes(line), out var view));
        Assert.Equal(32, view.ParameterCount);
    }

    [Fact]
    public void TryParse_BodyOfExactly510Bytes_Accepted()
    {
        var line = "PRIVMSG #a :" + new string('x', MaxBody - 12);

        Assert.Equal(IrcParseError.None, IrcLineView.TryParse(Bytes(line), out var view));
        Assert.Equal(MaxBody - 12, view.Parameter(1).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":nick!user@host ")]
    [InlineData("@time=2024-01-01T00:00:00Z ")]
    public void TryParse_BodyOf511Bytes_BodyTooLong(string prefix)
    {
        var line = prefix + "PRIVMSG #a :" + new string('x', MaxBody - 12 - (prefix.StartsWith(':') ? prefix.Length : 0) + 1);

        Assert.Equal(IrcParseError.BodyTooLong, IrcLineView.TryParse(Bytes(line), out _));
    }

    [Theory]
    [InlineData("@a ", 0, IrcParseError.None)]
    [InlineData("@a ", 1, IrcParseError.BodyTooLong)]
    [InlineData("", 0, IrcParseError.None)]
    [InlineData("", 1, IrcParseError.BodyTooLong)]
    public void TryParse_ExtraSpacesBeforeBody_CountTowardBody(string tags, int extraSpaces, IrcParseError expected)
    {
        var line = tags + new string(' ', extraSpaces) + "PRIVMSG #a :" + new string('x', MaxBody - 12);

        Assert.Equal(expected, IrcLineView.TryParse(Bytes(line), out _));
    }

    [Fact]
    public void TryParse_HugeRunOfSpaces_RejectedNotMisread()
    {
        var line = "@a" + new string(' ', 70_000) + "PRIVMSG #a :hi";

        Assert.Equal(IrcParseError.BodyTooLong, IrcLineView.TryParse(Bytes(line), out _));
    }

    [Fact]
    public void Parse_TextBodyLimit_CountsUtf8Bytes()
    {
        var fits = "PRIVMSG #a :" + new string('é', (MaxBody - 12) / 2);
        var tooLong = fits + "é";

        Assert.Equal((MaxBody - 12) / 2, IrcMessage.Parse(fits).Parameters[1].Length);
        Assert.False(IrcMessage.TryParse(tooLong, out _, out var error));
        Assert.Equal(IrcParseError.BodyTooLong, error);
    }

    [Fact]
    public void TryParse_TagsOfExactly8191Bytes_Accepted()
    {
        // '@' + "a=" + value + ' ' = 8191 bytes.
        var line = "@a=" + new string('v', IrcLimits.MaxTagBytes - 4) + " PING";

        Assert.Equal(IrcParseError.None, IrcLineView.TryParse(Bytes(line), out var view));
        Assert.True(view.TryGetTag("a"u8, out var value));
        Assert.Equal(IrcLimits.MaxTagBytes - 4, value.Length);
    }

    [Fact]
    public void TryParse_TagsOf8192Bytes_TagsTooLong()
    {
        var line = "@a=" + new string('v', IrcLimits.MaxTagBytes - 3) + " PING";

        Assert.Equal(IrcParseError.TagsTooLong, IrcLineView.TryParse(Bytes(line), out _));
    }

    [Theory]
    [InlineData("@a=", "")]
    [InlineData("@a=", " PRIVMSG #a :hi")]
    [InlineData("PRIVMSG #a :", "")]
    [InlineData(":", " PRIVMSG #a :hi")]
    public void TryParse_TwentyKilobyteLine_Rejected(string prefix, string suffix)
    {
        var line = prefix + new string('x', 20 * 1024) + suffix;
        var expected = prefix.StartsWith('@') ? IrcParseError.TagsTooLong : IrcParseError.BodyTooLong;

        Assert.Equal(expected, IrcLineView.TryParse(Bytes(line), out _));
        Assert.False(IrcMessage.TryParse(line, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_LongTagsAndLongBody_BothLimitsApplyTogether()
    {
        var line = "@a=" + new string('v', IrcLimits.MaxTagBytes - 4) + " PRIVMSG #a :" + new string('x', MaxBody - 12);

        Assert.Equal(IrcParseError.None, IrcLineView.TryParse(Bytes(line), out _));
        Assert.Equal(IrcLimits.MaxLineBytes - 2, Bytes(line).Length);
    }
}
