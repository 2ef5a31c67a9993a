using RustIrc.Sdk.Ui;

namespace RustIrc.Sdk.Tests;

public sealed class LineBufferTests
{
    [Fact]
    public void Join_Parts_OneAfterTheOtherWithNullsLeftOut()
    {
        var line = new LineBuffer();

        Assert.Equal("<ada> hello", line.Join("<", "ada", null, "> ", "hello").ToString());
        Assert.Equal("* bob waves", line.Join("* ", "bob", " ", "waves").ToString());
        Assert.Equal("", line.Join().ToString());
    }

    [Fact]
    public void Join_LongerThanTheBuffer_GrowsAndKeepsEverything()
    {
        var line = new LineBuffer();
        var text = new string('x', 5000);

        Assert.Equal("<ada> " + text, line.Join("<ada> ", text).ToString());
        Assert.Equal("short", line.Join("short").ToString());
    }
}
