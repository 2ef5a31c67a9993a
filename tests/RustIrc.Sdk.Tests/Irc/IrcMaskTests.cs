using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcMaskTests
{
    [Theory]
    [InlineData("*@127.0.0.1", "coolguy!ab@127.0.0.1")]
    [InlineData("*@127.0.0.1", "cooldud3!~bc@127.0.0.1")]
    [InlineData("cool*@*", "coolguy!ab@127.0.0.1")]
    [InlineData("cool*@*", "cooldud3!~bc@127.0.0.1")]
    [InlineData("cool*@*", "cool132!ab@example.com")]
    [InlineData("cool!*@*", "cool!guyab@127.0.0.1")]
    [InlineData("cool!*@*", "cool!~dudebc@127.0.0.1")]
    [InlineData("cool!*@*", "cool!312ab@example.com")]
    [InlineData("cool!?username@*", "cool!ausername@127.0.0.1")]
    [InlineData("cool!?username@*", "cool!~username@127.0.0.1")]
    [InlineData("cool!a?*@*", "cool!ab@127.0.0.1")]
    [InlineData("cool!a?*@*", "cool!abc@127.0.0.1")]
    [InlineData("cool[guy]!*@*", "cool[guy]!guy@127.0.0.1")]
    [InlineData("cool[guy]!*@*", "cool[guy]!a@example.com")]
    [InlineData("*", "")]
    [InlineData("*", "anything!at@all")]
    [InlineData("", "")]
    [InlineData("**?**", "x")]
    [InlineData("*!*@*.example.com", "n!u@a.b.example.com")]
    [InlineData("a*b*c", "aXbYbZc")]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaab")]
    public void Matches_ParserTestsAndWildcards_Match(string mask, string hostmask)
    {
        Assert.True(IrcMask.Matches(mask, hostmask));
    }

    [Theory]
    [InlineData("*@127.0.0.1", "coolguy!ab@127.0.0.5")]
    [InlineData("*@127.0.0.1", "cooldud3!~d@124.0.0.1")]
    [InlineData("cool*@*", "koolguy!ab@127.0.0.5")]
    [InlineData("cool*@*", "cooodud3!~d@124.0.0.1")]
    [InlineData("cool!*@*", "coolguy!ab@127.0.0.1")]
    [InlineData("cool!*@*", "cooldud3!~bc@127.0.0.1")]
    [InlineData("cool!*@*", "koolguy!ab@127.0.0.5")]
    [InlineData("cool!*@*", "cooodud3!~d@124.0.0.1")]
    [InlineData("cool!?username@*", "cool!username@127.0.0.1")]
    [InlineData("cool!a?*@*", "cool!a@127.0.0.1")]
    [InlineData("cool[guy]!*@*", "coolg!ab@127.0.0.1")]
    [InlineData("cool[guy]!*@*", "cool[!ac@127.0.1.1")]
    [InlineData("", "x")]
    [InlineData("?", "")]
    [InlineData("a*b*c", "aXbYbZ")]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaa")]
    [InlineData("*.example.com", "example.com")]
    public void Matches_ParserTestsAndWildcards_Fail(string mask, string hostmask)
    {
        Assert.False(IrcMask.Matches(mask, hostmask));
    }

    [Theory]
    [InlineData("NICK!*@*", "nick!u@h", CaseMapping.Ascii, true)]
    [InlineData("nick[1]!*@*", "NICK{1}!u@h", CaseMapping.Rfc1459, true)]
    [InlineData("nick[1]!*@*", "NICK{1}!u@h", CaseMapping.Ascii, false)]
    [InlineData("a~*", "A^b", CaseMapping.Rfc1459, true)]
    [InlineData("a~*", "A^b", CaseMapping.StrictRfc1459, false)]
    [InlineData("*!*@HOST.example.COM", "x!y@host.EXAMPLE.com", CaseMapping.Ascii, true)]
    public void Matches_CaseMapping_FoldsBothSides(string mask, string hostmask, CaseMapping mapping, bool expected)
    {
        Assert.Equal(expected, IrcMask.Matches(mask, hostmask, mapping));
    }
}
