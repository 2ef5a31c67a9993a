using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;

namespace RustIrc.Modules.Scripting.Tests;

// A script's own commands: where their errors go, and removing them.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task AddCommand_HandlerError_IsShownWhereTypedAndTheCommandFails()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "grumpy", AddCommandFailing("grump", "grumpy says no")), "grumpy");
        var from = client.PrintedCount;

        var result = await client.RunAsync("/grump");

        var error = CommandError(result, $"{Language} 'grumpy': error in /grump");
        Assert.Contains("grumpy says no", error);
        Assert.DoesNotContain(client.PrintedSince(from), l => l.Contains("grumpy says no", StringComparison.Ordinal));
        Assert.Contains(": running", await client.ListLineAsync("grumpy", Language));
    }

    [Fact]
    public async Task AddCommand_HandlerErrorsFiveInARow_StopTheScriptSayingSoWhereTyped()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "grumpy", AddCommandFailing("grump", "grumpy says no")), "grumpy");

        // Five errors in a row stop a script: four are only reported.
        for (var i = 0; i < 4; i++) CommandError(await client.RunAsync("/grump"), $"{Language} 'grumpy': error in /grump");
        var fifth = await client.RunAsync("/grump");

        Assert.Contains("grumpy says no", CommandError(fifth, $"{Language} 'grumpy' stopped: 5 errors in a row, the last in /grump"));
        Assert.Contains(": faulted", await client.ListLineAsync("grumpy", Language));
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/grump")).Outcome);
    }

    [Fact]
    public async Task AddCommand_HandlerPastTheLimit_StopsTheScriptSayingSoWhereTyped()
    {
        await using var client = await StartAsync();
        await LoadBystanderAsync(client);
        AssertLoaded(await LoadAsync(client, "spinner", AddCommandEndlessLoop("spin")), "spinner");

        var result = await client.RunAsync("/spin");

        var error = CommandError(result, $"{Language} 'spinner' stopped: ");
        Assert.Contains(CpuLimits, limit => error.Contains(limit, StringComparison.Ordinal));
        Assert.Contains("(in /spin)", error);
        Assert.Contains(": faulted", await client.ListLineAsync("spinner", Language));
        await AssertBystanderWorksAsync(client);
    }

    [Fact]
    public async Task RemoveCommand_OwnCommand_IsGoneAndRemovingItAgainReturnsFalse()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "tidy", AddCommandPrintingArguments("mine", "Mine."), AddCommandRemovingCommands("drop")), "tidy");
        var from = client.PrintedCount;

        await client.RunAsync("/drop mine");
        await client.WaitForLineAsync("removed true", from);
        var afterwards = await client.RunAsync("/mine x");
        await client.RunAsync("/drop MINE");

        Assert.Equal(CommandOutcome.Unknown, afterwards.Outcome);
        await client.WaitForLineAsync("removed false", from);
        Assert.DoesNotContain("/mine", (await client.RunAsync("/help")).Text);
    }

    [Fact]
    public async Task RemoveCommand_AnotherScriptsCommandOrABuiltIn_IsRefusedNamingItsOwner()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "owner", AddCommandPrintingArguments("theirs", "Theirs.")), "owner");
        AssertLoaded(await LoadAsync(client, "taker", AddCommandRemovingCommands("take")), "taker");
        var from = client.PrintedCount;

        await client.RunAsync("/take theirs");
        await client.RunAsync("/take help");

        var refusals = client.PrintedSince(from).Where(l => l.StartsWith("refused: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Contains($"irc.remove_command: /theirs belongs to {Language} script 'owner'; a script can remove only the commands it added with irc.add_command", refusals[0]);
        Assert.Contains("irc.remove_command: /help belongs to the client itself", refusals[1]);
        Assert.Equal(CommandOutcome.Ran, (await client.RunAsync("/theirs still")).Outcome);
        await client.WaitForLineAsync("theirs: still", from);
        Assert.Equal(CommandOutcome.Ran, (await client.RunAsync("/help")).Outcome);
    }

    /// <summary>Asserts the command failed with an error starting with <paramref name="start"/>, shown where it was typed; returns that error.</summary>
    private static string CommandError(CommandResult result, string start)
    {
        Assert.True(result.Outcome == CommandOutcome.Failed, $"The command should have failed, but it ended {result.Outcome}:\n{result.Text}");
        var error = result.Errors.FirstOrDefault(e => e.StartsWith(start, StringComparison.Ordinal));
        Assert.True(error is not null, $"The command's answer should say \"{start}…\", but it is:\n{result.Text}");
        return error;
    }
}
