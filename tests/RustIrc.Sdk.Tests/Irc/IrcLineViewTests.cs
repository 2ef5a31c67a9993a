// The span API of IrcLineView: verb checks, tag lookup, tag walking, parameter access, per-field decoding.
using System.Text;
using RustIrc.Sdk.Irc;
using static RustIrc.Sdk.Tests.Irc.IrcTestMessages;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcLineViewTests
{
    private static readonly byte[] Tagged =
        Bytes(@"@time=2024-05-01T10:00:00.000Z;msgid=abc;+draft/reply=x\sy;flag;msgid=def :nick!user@host privmsg #chan :hello there");

    [Theory]
    [InlineData("PRIVMSG", true)]
    [InlineData("privmsg", true)]
    [InlineData("PrivMsg", true)]
    [InlineData("PRIVMS", false)]
    [InlineData("PRIVMSGS", false)]
    [InlineData("NOTICE", false)]
    public void VerbIs_AnyAsciiCase_ComparesIgnoringCase(string verb, bool expected)
    {
        IrcLineView.TryParse(Tagged, out var view);

        Assert.Equal(expected, view.VerbIs(Encoding.ASCII.GetBytes(verb)));
    }

    [Fact]
    public void TryGetTag_RepeatedKey_LastValueWins()
    {
        IrcLineView.TryParse(Tagged, out var view);

        Assert.True(view.TryGetTag("msgid"u8, out var value));
        Assert.Equal("def", Encoding.ASCII.GetString(value));
    }

    [Fact]
    public void TryGetTag_ValuelessTag_FoundWithEmptyValue()
    {
        IrcLineView.TryParse(Tagged, out var view);

        Assert.True(view.TryGetTag("flag"u8, out var value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void TryGetTag_ClientTag_ReturnsEscapedValue()
    {
        IrcLineView.TryParse(Tagged, out var view);

        Assert.True(view.TryGetTag("+draft/reply"u8, out var value));
        Assert.Equal(@"x\sy", Encoding.ASCII.GetString(value));
        Assert.Equal("x y", IrcTags.Unescape(value));
    }

    [Theory]
    [InlineData("msg")]
    [InlineData("msgidx")]
    [InlineData("draft/reply")]
    [InlineData("MSGID")]
    [InlineData("")]
    public void TryGetTag_OtherKey_NotFound(string key)
    {
        IrcLineView.TryParse(Tagged, out var view);

        Assert.False(view.TryGetTag(Encoding.ASCII.GetBytes(key), out var value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void TryGetTag_LineWithoutTags_NotFound()
    {
        IrcLineView.TryParse("PING :x"u8, out var view);

        Assert.False(view.HasTags);
        Assert.True(view.RawTags.IsEmpty);
        Assert.False(view.TryGetTag("time"u8, out _));
    }

    [Fact]
    public void EnumerateTags_TaggedLine_YieldsWireOrderWithDuplicates()
    {
        IrcLineView.TryParse(Tagged, out var view);
        var seen = new List<string>();

        foreach (var tag in view.EnumerateTags())
        {
            seen.Add($"{Encoding.ASCII.GetString(tag.Key)}={Encoding.ASCII.GetString(tag.EscapedValue)}");
        }

        Assert.Equal(["time=2024-05-01T10:00:00.000Z", "msgid=abc", @"+draft/reply=x\sy", "flag=", "msgid=def"], seen);
    }

    [Fact]
    public void RawTags_TaggedLine_IsSectionWithoutAt()
    {
        IrcLineView.TryParse("@a=1;b PING"u8, out var view);

        Assert.True(view.HasTags);
        Assert.Equal("a=1;b", Encoding.ASCII.GetString(view.RawTags));
    }

    [Fact]
    public void ToMessage_RepeatedKey_KeepsFirstPositionAndLastValue()
    {
        IrcLineView.TryParse(Tagged, out var view);

        var message = view.ToMessage();

        Assert.Equal(["time", "msgid", "+draft/reply", "flag"], message.Tags.Keys);
        Assert.Equal("def", message.Tags["msgid"]);
        Assert.Equal("x y", message.Tags["+draft/reply"]);
        Assert.Equal("nick!user@host", message.Source);
        Assert.Equal("privmsg", message.Verb);
        Assert.Equal(["#chan", "hello there"], message.Parameters);
    }

    [Fact]
    public void ToMessage_MixedEncodings_DecodesEachFieldOnItsOwn()
    {
        // The channel name is Windows-1252 (0xE9 = é), the text is UTF-8.
        byte[] line = [.. ":nick PRIVMSG #caf"u8, 0xE9, .. " :h\u00e9 \u201chi\u201d"u8];

        var message = IrcMessage.Parse(line);

        Assert.Equal(["#café", "hé “hi”"], message.Parameters);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public void Parameter_IndexOutsideCount_Throws(int index)
    {
        var line = "PRIVMSG #a :b"u8.ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            IrcLineView.TryParse(line, out var view);
            return view.Parameter(index).Length;
        });
    }

    [Fact]
    public void Parameter_EmptyTrailing_IsEmptySpan()
    {
        IrcLineView.TryParse("TOPIC #a :"u8, out var view);

        Assert.Equal(2, view.ParameterCount);
        Assert.True(view.Parameter(1).IsEmpty);
    }

    [Fact]
    public void TryParse_Failure_LeavesEmptyView()
    {
        Assert.Equal(IrcParseError.MissingVerb, IrcLineView.TryParse("@a=b :src"u8, out var view));

        Assert.False(view.HasTags);
        Assert.False(view.HasSource);
        Assert.Equal(0, view.ParameterCount);
    }
}
