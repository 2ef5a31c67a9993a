// Writing messages as lines: the parser-tests msg-join vectors, colon placement, refusals and equality.
using RustIrc.Sdk.Irc;
using static RustIrc.Sdk.Tests.Irc.IrcTestMessages;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcMessageFormatTests
{
    public static TheoryData<IrcMessage, string[]> Joins => new()
    {
        { Message("foo", null, ["bar", "baz", "asdf"]), ["foo bar baz asdf", "foo bar baz :asdf"] },
        { Message("AWAY", "src"), [":src AWAY"] },
        { Message("AWAY", "src", [""]), [":src AWAY :"] },
        { Message("foo", "coolguy", ["bar", "baz", "asdf"]), [":coolguy foo bar baz asdf", ":coolguy foo bar baz :asdf"] },
        { Message("foo", null, ["bar", "baz", "asdf quux"]), ["foo bar baz :asdf quux"] },
        { Message("foo", null, ["bar", "baz", ""]), ["foo bar baz :"] },
        { Message("foo", null, ["bar", "baz", ":asdf"]), ["foo bar baz ::asdf"] },
        { Message("foo", "coolguy", ["bar", "baz", "asdf quux"]), [":coolguy foo bar baz :asdf quux"] },
        { Message("foo", "coolguy", ["bar", "baz", "  asdf quux "]), [":coolguy foo bar baz :  asdf quux "] },
        { Message("PRIVMSG", "coolguy", ["bar", "lol :) "]), [":coolguy PRIVMSG bar :lol :) "] },
        { Message("foo", "coolguy", ["bar", "baz", ""]), [":coolguy foo bar baz :"] },
        { Message("foo", "coolguy", ["bar", "baz", "  "]), [":coolguy foo bar baz :  "] },
        { Message("foo", "coolguy", ["b\tar", "baz"]), [":coolguy foo b\tar baz", ":coolguy foo b\tar :baz"] },
        { Message("foo", "coolguy", ["bar", "baz", "  "], ("asd", "")), ["@asd :coolguy foo bar baz :  ", "@asd= :coolguy foo bar baz :  "] },
        { Message("foo", null, [], ("a", "b\\and\nk"), ("d", "gh;764")), [@"@a=b\\and\nk;d=gh\:764 foo", @"@d=gh\:764;a=b\\and\nk foo"] },
        {
            Message("foo", null, ["par1", "par2"], ("a", "b\\and\nk"), ("d", "gh;764")),
            [@"@a=b\\and\nk;d=gh\:764 foo par1 par2", @"@a=b\\and\nk;d=gh\:764 foo par1 :par2", @"@d=gh\:764;a=b\\and\nk foo par1 par2", @"@d=gh\:764;a=b\\and\nk foo par1 :par2"]
        },
        { Message("COMMAND", null, [], ("foo", "\\\\;\\s \r\n")), [@"@foo=\\\\\:\\s\s\r\n COMMAND"] },
    };

    [Theory]
    [MemberData(nameof(Joins))]
    public void Format_ParserTestAtoms_ProducesAnAcceptedLine(IrcMessage message, string[] accepted)
    {
        Assert.Contains(message.Format(), accepted);
    }

    [Theory]
    [MemberData(nameof(Joins))]
    public void Parse_EveryAcceptedLine_GivesTheSameMessage(IrcMessage message, string[] accepted)
    {
        foreach (var line in accepted)
        {
            Assert.Equal(message, IrcMessage.Parse(line));
        }
    }

    [Theory]
    [InlineData("PRIVMSG #a :hi there")]
    [InlineData("JOIN #a")]
    [InlineData("PRIVMSG #a ::)")]
    [InlineData("TOPIC #a :")]
    [InlineData("PING")]
    [InlineData("@+typing=active;label=1 :me!u@h TAGMSG #a")]
    [InlineData(@"@msg=a\sb\:c\\d\r\n :irc.example.com NOTICE * :*** Looking up your hostname")]
    [InlineData(":n!u@h PRIVMSG #a a:b")]
    public void Format_ParsedCanonicalLine_ReturnsItUnchanged(string line)
    {
        var message = IrcMessage.Parse(line);

        Assert.Equal(line, message.Format());
        Assert.Equal(line, message.ToString());
    }

    [Theory]
    [InlineData("PRIVMSG   #a   :hi", "PRIVMSG #a hi")]
    [InlineData("@a=;b=1 JOIN :#a", "@a;b=1 JOIN #a")]
    [InlineData("@ PING :x ", "PING :x ")]
    [InlineData("  PING x  ", "PING x")]
    [InlineData(@"@a=\x\ PING", "@a=x PING")]
    public void Format_ParsedOddLine_ReturnsCanonicalForm(string line, string canonical)
    {
        Assert.Equal(canonical, IrcMessage.Parse(line).Format());
    }

    [Theory]
    [InlineData("PRIV MSG", IrcParseError.InvalidVerb)]
    [InlineData("", IrcParseError.InvalidVerb)]
    [InlineData("12", IrcParseError.InvalidVerb)]
    [InlineData("1234", IrcParseError.InvalidVerb)]
    [InlineData("P1NG", IrcParseError.InvalidVerb)]
    public void Format_BadVerb_Throws(string verb, IrcParseError expected)
    {
        var error = Assert.Throws<IrcFormatException>(() => new IrcMessage(verb, "x").Format());

        Assert.Equal(expected, error.Error);
        Assert.Contains("command", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData(":colon")]
    public void Format_UnsafeMiddleParameter_ThrowsNamingIt(string middle)
    {
        var error = Assert.Throws<IrcFormatException>(() => new IrcMessage("PRIVMSG", middle, "text").Format());

        Assert.Equal(IrcParseError.InvalidParameter, error.Error);
        Assert.Contains("Parameter 1 of 2", error.Message);
        Assert.Contains("only the last parameter", error.Message);
    }

    [Theory]
    [InlineData("line\r\nQUIT")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("nul\0")]
    public void Format_FramingCharacterInParameter_Throws(string text)
    {
        var error = Assert.Throws<IrcFormatException>(() => new IrcMessage("PRIVMSG", "#a", text).Format());

        Assert.Equal(IrcParseError.IllegalCharacter, error.Error);
        Assert.Contains("Parameter 2", error.Message);
    }

    [Theory]
    [InlineData("nick!user@host name", IrcParseError.InvalidSource)]
    [InlineData("nick\r\n", IrcParseError.IllegalCharacter)]
    [InlineData("ni\0ck", IrcParseError.IllegalCharacter)]
    public void Format_BadSource_Throws(string source, IrcParseError expected)
    {
        var error = Assert.Throws<IrcFormatException>(() => new IrcMessage("PING") { Source = source }.Format());

        Assert.Equal(expected, error.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("a=b")]
    [InlineData("+")]
    [InlineData("vendor/")]
    public void Format_BadTagKey_Throws(string key)
    {
        var error = Assert.Throws<IrcFormatException>(() => Message("PING", null, [], (key, "v")).Format());

        Assert.Equal(IrcParseError.InvalidTagKey, error.Error);
        Assert.Contains($"'{key}'", error.Message);
    }

    [Fact]
    public void Format_NulInTagValue_Throws()
    {
        var error = Assert.Throws<IrcFormatException>(() => Message("PING", null, [], ("a", "x\0y")).Format());

        Assert.Equal(IrcParseError.IllegalCharacter, error.Error);
    }

    [Fact]
    public void Format_TagValueWithLineBreaks_EscapesThem()
    {
        var message = Message("TAGMSG", null, ["#a"], ("+example.com/multi", "one; two\r\nthree\\"));

        Assert.Equal(@"@+example.com/multi=one\:\stwo\r\nthree\\ TAGMSG #a", message.Format());
    }

    [Fact]
    public void Tags_SetToNull_StaysEmpty()
    {
        var message = new IrcMessage("PING", "x") { Tags = null! };

        Assert.Empty(message.Tags);
        Assert.Equal("PING x", message.Format());
    }

    [Fact]
    public void Constructor_NullParameter_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new IrcMessage("PRIVMSG", "#a", null!));
    }

    [Fact]
    public void Constructor_CallerKeepsArray_MessageDoesNotChange()
    {
        string[] parameters = ["#a", "hi"];
        var message = new IrcMessage("PRIVMSG", parameters);

        parameters[1] = "changed";

        Assert.Equal("hi", message.Parameters[1]);
    }

    [Fact]
    public void Equals_SameTagsInOtherOrder_Equal()
    {
        var first = Message("PING", "s", ["x"], ("a", "1"), ("b", "2"));
        var second = Message("PING", "s", ["x"], ("b", "2"), ("a", "1"));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("PONG", "s", "x", "1")]
    [InlineData("PING", null, "x", "1")]
    [InlineData("PING", "s", "y", "1")]
    [InlineData("PING", "s", "x", "2")]
    [InlineData("ping", "s", "x", "1")]
    public void Equals_AnyPartDiffers_NotEqual(string verb, string? source, string parameter, string tagValue)
    {
        var reference = Message("PING", "s", ["x"], ("a", "1"));

        Assert.NotEqual(reference, Message(verb, source, [parameter], ("a", tagValue)));
    }
}
