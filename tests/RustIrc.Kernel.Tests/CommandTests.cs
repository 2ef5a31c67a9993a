using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Kernel.Tests;

/// <summary>What the user sees when a command line goes wrong.</summary>
public sealed class CommandTests
{
    [Theory]
    [InlineData("/good-pnig", "good-ping")]
    [InlineData("/goodping", "good-ping")]
    [InlineData("/halp", "help")]
    [InlineData("/MODUEL list", "module")]
    [InlineData("/hlep", "help")]   // two neighbours swapped: one edit, not two
    [InlineData("/mdoule", "module")]
    public async Task ExecuteAsync_CommandMisspelled_SuggestsTheClosestCommand(string line, string suggested)
    {
        await using var k = await TestKernel.StartAsync("Good");

        var (outcome, output) = await k.RunAsync(line);

        Assert.Equal(CommandOutcome.Unknown, outcome);
        var reply = Assert.Single(output.Lines);
        Assert.Equal(LineKind.Error, reply.Kind);
        Assert.Contains($"Did you mean /{suggested}?", reply.Text);
    }

    [Fact]
    public async Task ExecuteAsync_NothingClose_UnknownWithoutSuggestion()
    {
        await using var k = await TestKernel.StartAsync("Good");

        var (outcome, output) = await k.RunAsync("/xyzzy plugh");

        Assert.Equal(CommandOutcome.Unknown, outcome);
        Assert.Equal("Unknown command /xyzzy. Type /help for the list of commands.", output.Text);
    }

    [Fact]
    public async Task ExecuteAsync_ModuleCommandNeedsUngrantedPermission_FailsWithTheGrantCommand()
    {
        using var files = new TestDirectory();
        await using var k = await TestKernel.StartAsync("Good");
        var target = files.Combine("note.txt");

        var (outcome, output) = await k.RunAsync($"/good-write {target} hello");

        Assert.Equal(CommandOutcome.Failed, outcome);
        Assert.Equal(
            $"module 'good' needs permission file_write:{target} for writing a file; grant it with /module grant good file_write:{target}",
            output.Text);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task ExecuteAsync_PermissionGrantedThenRevokedWhileRunning_TakesEffectAtOnce()
    {
        using var files = new TestDirectory();
        await using var k = await TestKernel.StartAsync("Good");
        var target = files.Combine("note.txt");

        await k.RunAsync($"/module grant good file_write:{files.Path}");
        var granted = await k.RunAsync($"/good-write {target} hello");
        await k.RunAsync($"/module revoke good file_write:{files.Path}");
        var revoked = await k.RunAsync($"/good-write {target} again");

        Assert.Equal(CommandOutcome.Ran, granted.Outcome);
        Assert.Equal("hello", File.ReadAllText(target));
        Assert.Equal(CommandOutcome.Failed, revoked.Outcome);
        Assert.Contains("needs permission file_write", revoked.Output.Text);
    }

    [Fact]
    public async Task ModuleRevoke_PathWrittenWithATrailingSlash_RevokesTheGrant()
    {
        using var files = new TestDirectory();
        await using var k = await TestKernel.StartAsync("Good");
        var folder = files.Create("notes");
        var target = Path.Combine(folder, "note.txt");

        await k.RunAsync($"/module grant good file_write:{folder}");
        var granted = await k.RunAsync($"/good-write {target} hello");
        await k.RunAsync($"/module revoke good file_write:{folder}/");
        var revoked = await k.RunAsync($"/good-write {target} again");

        Assert.Equal(CommandOutcome.Ran, granted.Outcome);
        Assert.Equal(CommandOutcome.Failed, revoked.Outcome);
        Assert.Equal("hello", File.ReadAllText(target));
    }
}
