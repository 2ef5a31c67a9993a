namespace RustIrc.Modules.Irc.Tests;

/// <summary>Which lines name the user: whole words only, in any case, in any script.</summary>
public sealed class HighlightingTests
{
    [Theory]
    [InlineData("ada: are you there?", true)]
    [InlineData("hi ada!", true)]
    [InlineData("ADA, look", true)]
    [InlineData("thanks Ada", true)]
    [InlineData("naïve café ada 😀", true)]
    [InlineData("adamant", false)]
    [InlineData("ada_ is another nick", false)]
    [InlineData("[ada] is another too", false)]
    [InlineData("canada", false)]
    [InlineData("", false)]
    public void Mentions_Nick_OnlyAsAWholeWord(string text, bool expected) =>
        Assert.Equal(expected, Highlighting.Mentions(text, "ada"));

    [Fact]
    public void Mentions_WordStartingWithADigitOrSymbol_IsFoundToo() =>
        Assert.True(Highlighting.Mentions("see 7of9 now", "7of9"));
}
