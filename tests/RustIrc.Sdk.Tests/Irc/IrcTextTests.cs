using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcTextTests
{
    [Fact]
    public void Decode_Empty_EmptyString()
    {
        Assert.Same(string.Empty, IrcText.Decode([]));
    }

    [Fact]
    public void Decode_ValidUtf8_ReadsAsUtf8()
    {
        Assert.Equal("héllo “wörld” 😀 日本", IrcText.Decode("héllo “wörld” 😀 日本"u8));
    }

    [Fact]
    public void Decode_ControlCodes_KeptAsIs()
    {
        Assert.Equal("\u0002bold\u0002 \u000304red", IrcText.Decode("\u0002bold\u0002 \u000304red"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0x93, (byte)'h', (byte)'i', 0x94 }, "“hi”")]
    [InlineData(new byte[] { 0xE9 }, "é")]
    [InlineData(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, "café")]
    [InlineData(new byte[] { 0x80, 0x85, 0x96, 0x97, 0x99 }, "€…–—™")]
    [InlineData(new byte[] { 0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F }, "ŠŒŽšœžŸ")]
    [InlineData(new byte[] { 0x81, 0x8D, 0x8F, 0x90, 0x9D }, "\u0081\u008D\u008F\u0090\u009D")]
    [InlineData(new byte[] { 0xA0, 0xFF, 0xC0 }, "\u00A0ÿÀ")]
    public void Decode_InvalidUtf8_ReadsAsWindows1252(byte[] bytes, string expected)
    {
        Assert.Equal(expected, IrcText.Decode(bytes));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'h', 0xC3 }, "hÃ")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "â‚")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, "\u00F0\u0178\u02DC")]
    public void Decode_TruncatedMultiByteSequence_FallsBackToWindows1252(byte[] bytes, string expected)
    {
        Assert.Equal(expected, IrcText.Decode(bytes));
    }

    [Fact]
    public void Decode_ValidUtf8FollowedByStrayByte_WholeSpanFallsBack()
    {
        byte[] bytes = [.. "é"u8, 0xE9];

        Assert.Equal("Ã©é", IrcText.Decode(bytes));
    }

    [Fact]
    public void Decode_OverlongOrSurrogateEncoding_FallsBack()
    {
        Assert.Equal("À¯", IrcText.Decode([0xC0, 0xAF]));
        Assert.Equal("í\u00A0€", IrcText.Decode([0xED, 0xA0, 0x80]));
    }
}
