using System.Text;
using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcStringPoolTests
{
    [Fact]
    public void Get_SameTokenTwice_TheSameString()
    {
        var pool = new IrcStringPool();

        var first = pool.Get("nick!~ident@host.example"u8);
        var second = pool.Get("nick!~ident@host.example"u8);

        Assert.Equal("nick!~ident@host.example", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_TwoTokensSharingTheirSlots_BothStayAndAThirdPushesOutTheOneUsedLongestAgo()
    {
        var pool = new IrcStringPool(capacity: 2); // one pair of slots: every token shares it
        var ada = pool.Get("ada"u8);
        var bob = pool.Get("bob"u8);
        Assert.Same(ada, pool.Get("ada"u8));
        Assert.Same(bob, pool.Get("bob"u8));

        pool.Get("cat"u8); // ada was used longest ago

        Assert.Same(bob, pool.Get("bob"u8));
        Assert.NotSame(ada, pool.Get("ada"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xC3, 0xA9 })] // café in UTF-8
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9 })]       // café in Windows-1252
    [InlineData(new byte[] { 0x80, 0x41 })]                   // € then A in Windows-1252
    public void Get_NotAscii_DecodedAsIrcTextDecodesItAndNotPooled(byte[] bytes)
    {
        var pool = new IrcStringPool();

        var first = pool.Get(bytes);

        Assert.Equal(IrcText.Decode(bytes), first);
        Assert.NotSame(first, pool.Get(bytes));
    }

    [Fact]
    public void Get_LongerThanATokenOrEmpty_NotPooled()
    {
        var pool = new IrcStringPool();
        var longer = Encoding.ASCII.GetBytes(new string('x', IrcStringPool.MaxTokenBytes + 1));

        Assert.NotSame(pool.Get(longer), pool.Get(longer));
        Assert.Equal(new string('x', IrcStringPool.MaxTokenBytes + 1), pool.Get(longer));
        Assert.Same(string.Empty, pool.Get([]));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void ToMessage_WithAPool_TheSameMessageAsWithout(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.Equal(IrcParseError.None, IrcLineView.TryParse(bytes, out var view));
        var pool = new IrcStringPool();

        var pooled = view.ToMessage(pool);

        Assert.Equal(view.ToMessage(), pooled);
        Assert.Equal(view.ToMessage(), view.ToMessage(pool)); // and again, from the pool
        Assert.Same(pooled.Verb, view.ToMessage(pool).Verb);
    }

    public static TheoryData<string> Lines => new(
        ":nick!~u@host PRIVMSG #chan :hello there",
        "@time=2026-01-01T00:00:00Z;msgid=x :a!b@c PRIVMSG #chan :tagged",
        "PING :server",
        ":server 005 me CHANTYPES=# PREFIX=(ov)@+ :are supported",
        ":café!u@h PRIVMSG #çhan :non-ASCII source and target",
        "QUIT");
}
