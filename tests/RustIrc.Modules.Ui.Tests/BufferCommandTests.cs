using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui.Tests;

/// <summary>The /buffer command every frontend registers, on the real UI model.</summary>
public sealed class BufferCommandTests
{
    private readonly UiModel _ui = new(new RecordingBus(), scrollback: 10);
    private readonly List<(string Text, LineKind Kind)> _replies = [];

    public BufferCommandTests()
    {
        _ui.Open("libera/#rust", "libera");
        _ui.Open("oftc/#rust", "oftc");
        _ui.Open("libera/#dotnet", "libera");
        _ui.Print("libera/#dotnet", "one line", LineKind.Message);
    }

    [Theory]
    [InlineData("3", "oftc/#rust")]
    [InlineData("LIBERA/#Rust", "libera/#rust")]
    [InlineData("#dotnet", "libera/#dotnet")]
    public async Task Switch_ByNumberFullNameOrTargetOnOneNetwork_MakesItCurrent(string query, string expected)
    {
        await RunAsync(query);
        Assert.Equal(expected, _ui.CurrentBuffer);
        Assert.Empty(_replies);
    }

    [Theory]
    [InlineData("scratch", "There is no buffer scratch")]
    [InlineData("9", "There is no buffer 9")]
    [InlineData("#rust", "2 buffers are #rust: name it with its network (network/#rust)")]
    public async Task Switch_UnknownOrAmbiguous_FailsAndOpensNothing(string query, string message)
    {
        var invocation = await RunAsync(query);
        Assert.True(invocation.Failed);
        Assert.StartsWith(message, Assert.Single(_replies).Text);
        Assert.Equal(4, _ui.Buffers().Count);
        Assert.Equal(IUiModel.StatusBuffer, _ui.CurrentBuffer);
    }

    [Fact]
    public async Task List_NoArgument_NumbersEveryBufferAndMarksTheCurrentOne()
    {
        _ui.SwitchTo("oftc/#rust");
        await RunAsync("");
        Assert.Equal(["   1. status (0 lines)", "   2. libera/#rust (0 lines)", "*  3. oftc/#rust (0 lines)", "   4. libera/#dotnet (1 line, messages)"], _replies.Select(r => r.Text));
    }

    private async Task<CommandInvocation> RunAsync(string arguments)
    {
        var invocation = new CommandInvocation("buffer", arguments, _ui.CurrentBuffer, new Replies(_replies));
        await BufferCommand.For(_ui).Handler(invocation);
        return invocation;
    }

    private sealed class Replies(List<(string, LineKind)> lines) : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info) => lines.Add((text, kind));
    }
}
