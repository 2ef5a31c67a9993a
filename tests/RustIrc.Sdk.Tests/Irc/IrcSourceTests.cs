using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcSourceTests
{
    [Theory]
    [InlineData("coolguy", "coolguy", null, null)]
    [InlineData("coolguy!ag@127.0.0.1", "coolguy", "ag", "127.0.0.1")]
    [InlineData("coolguy!~ag@localhost", "coolguy", "~ag", "localhost")]
    [InlineData("coolguy@127.0.0.1", "coolguy", null, "127.0.0.1")]
    [InlineData("coolguy!ag", "coolguy", "ag", null)]
    [InlineData("coolguy!ag@net\u00035w\u0003ork.admin", "coolguy", "ag", "net\u00035w\u0003ork.admin")]
    [InlineData("coolguy!~ag@n\u0002et\u000305w\u000fork.admin", "coolguy", "~ag", "n\u0002et\u000305w\u000fork.admin")]
    [InlineData("irc.server.name", "irc.server.name", null, null)]
    [InlineData("nick!user@2001:db8::1", "nick", "user", "2001:db8::1")]
    [InlineData("nick@host!odd", "nick", null, "host!odd")]
    [InlineData("", "", null, null)]
    public void Parse_Source_SplitsNickUserHost(string source, string nick, string? user, string? host)
    {
        var parsed = IrcSource.Parse(source);

        Assert.Equal(new IrcSource(nick, user, host), parsed);
        Assert.Equal(source, parsed.ToString());
    }

    [Theory]
    [InlineData("irc.example.com", true)]
    [InlineData("nick", false)]
    [InlineData("nick!u@h.example.com", false)]
    public void IsServer_Source_TrueForBareDottedName(string source, bool expected)
    {
        Assert.Equal(expected, IrcSource.Parse(source).IsServer);
    }
}
