using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcTagsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a;b", @"a\:b")]
    [InlineData("a b", @"a\sb")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a\rb", @"a\rb")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("; \\\r\n", @"\:\s\\\r\n")]
    [InlineData("=:,é", "=:,é")]
    public void Escape_Value_ReplacesSpecialCharacters(string value, string escaped)
    {
        Assert.Equal(escaped, IrcTags.Escape(value));
        Assert.Equal(value, IrcTags.Unescape(escaped));
    }

    [Fact]
    public void Escape_NothingToEscape_ReturnsSameInstance()
    {
        var value = "nothing-special";

        Assert.Same(value, IrcTags.Escape(value));
    }

    [Theory]
    [InlineData(@"\b", "b")]
    [InlineData(@"a\", "a")]
    [InlineData(@"\", "")]
    [InlineData(@"\\\", @"\")]
    [InlineData(@"\\n", @"\n")]
    [InlineData(@"value\1", "value1")]
    [InlineData(@"\:\s\r\n\\", "; \r\n\\")]
    [InlineData(@"\S\R\N", "SRN")]
    public void Unescape_InvalidOrTrailingBackslash_FollowsSpec(string escaped, string value)
    {
        Assert.Equal(value, IrcTags.Unescape(escaped));
    }

    [Fact]
    public void Unescape_Bytes_DecodesThenUnescapes()
    {
        Assert.Equal("a b;é", IrcTags.Unescape(@"a\sb\:é"u8));
        Assert.Equal("é", IrcTags.Unescape([0xE9]));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("msgid")]
    [InlineData("draft-reply")]
    [InlineData("+typing")]
    [InlineData("example.com/a-b")]
    [InlineData("+draft/reply")]
    [InlineData("+example.com/Foo9")]
    [InlineData("vendor1/tag3")]
    public void IsValidKey_WellFormedKey_True(string key)
    {
        Assert.True(IrcTags.IsValidKey(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("++a")]
    [InlineData("a b")]
    [InlineData("a_b")]
    [InlineData("a=b")]
    [InlineData("a;b")]
    [InlineData("a/b/c")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("ex ample.com/a")]
    [InlineData("é")]
    [InlineData("a+")]
    public void IsValidKey_MalformedKey_False(string key)
    {
        Assert.False(IrcTags.IsValidKey(key));
    }
}
