// The nick list's order: by each member's highest status in the order the server's PREFIX gives, then by nick.
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Tui.Tests;

public sealed class NickListOrderTests
{
    private static IrcMemberInfo[] Members(params string[] shown) =>
        shown.Select(s => new IrcMemberInfo { Nick = s.TrimStart('!', '~', '&', '@', '%', '+', '-'), Prefixes = s[..(s.Length - s.TrimStart('!', '~', '&', '@', '%', '+', '-').Length)] }).ToArray();

    [Fact]
    public void Members_UsualPrefixes_OwnersThenOpsThenVoicesThenTheRest()
    {
        var ranks = ScreenSource.PrefixSymbols("(qaohv)~&@%+");

        var sorted = ScreenSource.Members(Members("zed", "+amy", "@Bob", "~root", "%half", "@+alice"), ranks);

        Assert.Equal(["~root", "@alice", "@Bob", "%half", "+amy", "zed"], sorted);
    }

    [Fact]
    public void Members_ServerWithAStatusAboveOwner_PutsItFirst()
    {
        // Some networks rank a service status '!' above '~'; a fixed order put it after everyone with a status.
        var ranks = ScreenSource.PrefixSymbols("(Yqaohv)!~&@%+");

        var sorted = ScreenSource.Members(Members("@op", "!services", "~owner", "plain"), ranks);

        Assert.Equal(["!services", "~owner", "@op", "plain"], sorted);
    }

    [Fact]
    public void Members_ServerRanksVoiceAboveOp_FollowsTheServer()
    {
        var ranks = ScreenSource.PrefixSymbols("(vo)+@");

        var sorted = ScreenSource.Members(Members("@op", "+voice", "plain"), ranks);

        Assert.Equal(["+voice", "@op", "plain"], sorted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    public void PrefixSymbols_NoUsableToken_TheUsualOrder(string? token) =>
        Assert.Equal("~&@%+", ScreenSource.PrefixSymbols(token));
}
