using RustIrc.Sdk;

namespace RustIrc.Sdk.Tests;

public sealed class HomePathTests
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [Theory]
    [InlineData("~", "")]
    [InlineData("~/irc-logs", "/irc-logs")]
    [InlineData("~/", "/")]
    public void Expand_TildeOrTildeSlash_BecomesTheHomeFolder(string typed, string rest) =>
        Assert.Equal(Home + rest, HomePath.Expand(typed));

    [Theory]
    [InlineData("~alice/notes")]
    [InlineData("/tmp/~")]
    [InlineData("scripts/~x.lua")]
    [InlineData("")]
    public void Expand_AnythingElse_Unchanged(string typed) => Assert.Equal(typed, HomePath.Expand(typed));
}
