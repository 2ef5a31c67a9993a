// Splitting lines into tags, source, verb and parameters: the parser-tests msg-split vectors and more.
using RustIrc.Sdk.Irc;
using static RustIrc.Sdk.Tests.Irc.IrcTestMessages;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcLineSplitTests
{
    public static TheoryData<string, IrcMessage> Lines => new()
    {
        // Plain, with source, with trailing parameter.
        { "foo bar baz asdf", Message("foo", null, ["bar", "baz", "asdf"]) },
        { ":coolguy foo bar baz asdf", Message("foo", "coolguy", ["bar", "baz", "asdf"]) },
        { "foo bar baz :asdf quux", Message("foo", null, ["bar", "baz", "asdf quux"]) },
        { "foo bar baz :", Message("foo", null, ["bar", "baz", ""]) },
        { "foo bar baz ::asdf", Message("foo", null, ["bar", "baz", ":asdf"]) },
        { ":coolguy foo bar baz :asdf quux", Message("foo", "coolguy", ["bar", "baz", "asdf quux"]) },
        { ":coolguy foo bar baz :  asdf quux ", Message("foo", "coolguy", ["bar", "baz", "  asdf quux "]) },
        { ":coolguy PRIVMSG bar :lol :) ", Message("PRIVMSG", "coolguy", ["bar", "lol :) "]) },
        { ":coolguy foo bar baz :", Message("foo", "coolguy", ["bar", "baz", ""]) },
        { ":coolguy foo bar baz :  ", Message("foo", "coolguy", ["bar", "baz", "  "]) },

        // Tags: valueless, empty, escaped, vendored, duplicated.
        { "@a=b;c=32;k;rt=ql7 foo", Message("foo", null, [], ("a", "b"), ("c", "32"), ("k", ""), ("rt", "ql7")) },
        { @"@a=b\\and\nk;c=72\s45;d=gh\:764 foo", Message("foo", null, [], ("a", "b\\and\nk"), ("c", "72 45"), ("d", "gh;764")) },
        { "@c;h=;a=b :quux ab cd", Message("ab", "quux", ["cd"], ("c", ""), ("h", ""), ("a", "b")) },
        {
            "@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4= :irc.example.com COMMAND param1 param2 :param3 param3",
            Message("COMMAND", "irc.example.com", ["param1", "param2", "param3 param3"], ("tag1", "value1"), ("tag2", ""), ("vendor1/tag3", "value2"), ("vendor2/tag4", ""))
        },
        { ":irc.example.com COMMAND param1 param2 :param3 param3", Message("COMMAND", "irc.example.com", ["param1", "param2", "param3 param3"]) },
        {
            "@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4 COMMAND param1 param2 :param3 param3",
            Message("COMMAND", null, ["param1", "param2", "param3 param3"], ("tag1", "value1"), ("tag2", ""), ("vendor1/tag3", "value2"), ("vendor2/tag4", ""))
        },
        { "COMMAND", Message("COMMAND") },
        { @"@foo=\\\\\:\\s\s\r\n COMMAND", Message("COMMAND", null, [], ("foo", "\\\\;\\s \r\n")) },
        { @"@tag1=value\\ntest COMMAND", Message("COMMAND", null, [], ("tag1", @"value\ntest")) },
        { @"@tag1=value\1 COMMAND", Message("COMMAND", null, [], ("tag1", "value1")) },
        { @"@tag1=value1\ COMMAND", Message("COMMAND", null, [], ("tag1", "value1")) },
        { "@tag1=1;tag2=3;tag3=4;tag1=5 COMMAND", Message("COMMAND", null, [], ("tag1", "5"), ("tag2", "3"), ("tag3", "4")) },
        { "@tag1=1;tag2=3;tag3=4;tag1=5;vendor/tag2=8 COMMAND", Message("COMMAND", null, [], ("tag1", "5"), ("tag2", "3"), ("tag3", "4"), ("vendor/tag2", "8")) },
        { "@a=b=c;d==;+example.com/e=\\:f foo", Message("foo", null, [], ("a", "b=c"), ("d", "="), ("+example.com/e", ";f")) },
        { "@;;a;;=ignored;b= foo", Message("foo", null, [], ("a", ""), ("b", "")) },
        { "@ foo", Message("foo") },

        // Last parameter forms.
        { ":src JOIN #chan", Message("JOIN", "src", ["#chan"]) },
        { ":src JOIN :#chan", Message("JOIN", "src", ["#chan"]) },
        { ":src AWAY", Message("AWAY", "src") },
        { ":src AWAY ", Message("AWAY", "src") },

        // Tabs and control codes are ordinary bytes.
        { ":cool\tguy foo bar baz", Message("foo", "cool\tguy", ["bar", "baz"]) },
        { ":coolguy!ag@net\u00035w\u0003ork.admin PRIVMSG foo :bar baz", Message("PRIVMSG", "coolguy!ag@net\u00035w\u0003ork.admin", ["foo", "bar baz"]) },
        { ":coolguy!~ag@n\u0002et\u000305w\u000fork.admin PRIVMSG foo :bar baz", Message("PRIVMSG", "coolguy!~ag@n\u0002et\u000305w\u000fork.admin", ["foo", "bar baz"]) },
        { "foo b\tar :baz\tqux", Message("foo", null, ["b\tar", "baz\tqux"]) },

        // Odd spacing from real servers, and any run of spaces between tokens.
        { ":gravel.mozilla.org 432  #momo :Erroneous Nickname: Illegal characters", Message("432", "gravel.mozilla.org", ["#momo", "Erroneous Nickname: Illegal characters"]) },
        { ":gravel.mozilla.org MODE #tckk +n ", Message("MODE", "gravel.mozilla.org", ["#tckk", "+n"]) },
        { ":services.esper.net MODE #foo-bar +o foobar  ", Message("MODE", "services.esper.net", ["#foo-bar", "+o", "foobar"]) },
        { "@a=1   :src   PRIVMSG   #c   :  hi  there  ", Message("PRIVMSG", "src", ["#c", "  hi  there  "], ("a", "1")) },
        { "   PING :x", Message("PING", null, ["x"]) },
        { "PRIVMSG #a a:b :c", Message("PRIVMSG", null, ["#a", "a:b", "c"]) },
        { "001 me :Welcome", Message("001", null, ["me", "Welcome"]) },
        { ": foo", Message("foo", "") },

        // MODE is not special.
        { ":SomeOp MODE #channel :+i", Message("MODE", "SomeOp", ["#channel", "+i"]) },
        { ":SomeOp MODE #channel +oo SomeUser :AnotherUser", Message("MODE", "SomeOp", ["#channel", "+oo", "SomeUser", "AnotherUser"]) },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parse_Text_SplitsIntoTagsSourceVerbAndParameters(string line, IrcMessage expected)
    {
        var message = IrcMessage.Parse(line);

        Assert.Equal(expected.Verb, message.Verb);
        Assert.Equal(expected.Source, message.Source);
        Assert.Equal(expected.Parameters, message.Parameters);
        Assert.Equal(expected.Tags.ToArray(), message.Tags.ToArray());
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void TryParse_Bytes_ViewAgreesWithMessage(string line, IrcMessage expected)
    {
        var error = IrcLineView.TryParse(Bytes(line), out var view);

        Assert.Equal(IrcParseError.None, error);
        Assert.Equal(expected.Verb, IrcText.Decode(view.Verb));
        Assert.Equal(expected.Source is not null, view.HasSource);
        Assert.Equal(expected.Source ?? "", IrcText.Decode(view.Source));
        Assert.Equal(line.TrimStart().StartsWith('@'), view.HasTags);
        Assert.Equal(expected.Parameters.Count, view.ParameterCount);
        for (var i = 0; i < view.ParameterCount; i++)
        {
            Assert.Equal(expected.Parameters[i], IrcText.Decode(view.Parameter(i)));
        }

        Assert.Equal(expected, view.ToMessage());
    }
}
