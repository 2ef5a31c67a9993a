using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Sdk.Tests;

public sealed class CommandInvocationTests
{
    [Theory]
    [InlineData("grant notes file_read:/tmp/my dir", 2, "file_read:/tmp/my dir")]
    [InlineData("  grant   notes   file_read:/a  b ", 2, "file_read:/a  b")]
    [InlineData("grant notes", 2, "")]
    [InlineData("eval return 1", 1, "return 1")]
    [InlineData("", 0, "")]
    public void TextFrom_ArgumentIndex_IsTheRestOfTheLineAsTyped(string argumentText, int index, string rest)
    {
        var invocation = new CommandInvocation("lua", argumentText.Trim(), null, new NoOutput());

        Assert.Equal(rest, invocation.TextFrom(index));
    }

    private sealed class NoOutput : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info)
        {
        }
    }
}
