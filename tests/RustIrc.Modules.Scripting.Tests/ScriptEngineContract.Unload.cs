using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

// The unload hook (on_unload), unloading a script whose file was deleted, and unloading the engine itself.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task ModuleUnload_WhileScriptsRun_TheEnginesContextIsCollectedAndNothingOfTheirsRemains()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "busy", OnJoinPrint("busy saw"), AddCommandPrintingArguments("busycmd", "Busy."), TimerPrinting(20, repeat: true, "busy tick")), "busy");
        var from = client.PrintedCount;
        await client.PublishAsync(Join("ada"));
        await client.WaitForLineAsync("busy saw ada", from);
        await client.WaitForLineAsync("busy tick", from);

        var reports = await client.Kernel.Manager.UnloadAsync(Language);

        var report = Assert.Single(reports, r => r.Id == Language);
        Assert.True(report.Collected, $"The {Language} module's load context was not collected: {report}");
        Assert.Null(client.Kernel.Commands.Find("busycmd"));
        var afterUnload = client.CountLines("busy tick", from);
        await Task.Delay(100);
        Assert.Equal(afterUnload, client.CountLines("busy tick", from));
    }

    [Fact]
    public async Task ModuleUnload_AfterAGrantWasRevoked_TheEnginesContextIsCollected()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "granted", PrintOnLoad("granted up")), "granted");
        Assert.Contains("now holds", (await client.RunAsync($"{Lang} revoke granted irc.send")).Text);

        var reports = await client.Kernel.Manager.UnloadAsync(Language);

        // Saving the grants once kept the engine's types in a process-wide serializer cache.
        var report = Assert.Single(reports, r => r.Id == Language);
        Assert.True(report.Collected, $"The {Language} module's load context was not collected after a revoke: {report}");
    }

    [Fact]
    public async Task OnUnload_UnloadReloadAndDisable_CalledOnceEachTime()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "saver", UnloadHookPrintingAndSaving("saver saving")), "saver");
        Assert.Equal(0, client.CountLines("saver saving", from));

        await client.RunAsync($"{Lang} reload saver");
        Assert.Equal(1, client.CountLines("saver saving", from));
        await client.RunAsync($"{Lang} disable saver");
        Assert.Equal(2, client.CountLines("saver saving", from));
        await client.RunAsync($"{Lang} enable saver");
        Assert.Equal(2, client.CountLines("saver saving", from));
        await client.RunAsync($"{Lang} unload saver");
        Assert.Equal(3, client.CountLines("saver saving", from));
    }

    [Fact]
    public async Task OnUnload_ClientShutsDown_WhatItSavesIsThereAtTheNextStart()
    {
        using var folders = new ScriptingFolders();
        await using (var first = await StartAsync(folders: folders))
        {
            AssertLoaded(await LoadAsync(first, "keeper", UnloadHookPrintingAndSaving("saved at shutdown")), "keeper");
        }

        await using var second = await StartAsync(folders: folders);
        var from = second.PrintedCount;
        AssertLoaded(await LoadAsync(second, "keeper", PrintStored("unloaded")), "keeper");
        await second.WaitForLineAsync("stored=saved at shutdown", from);
    }

    [Fact]
    public async Task OnUnload_HookFails_ErrorIsReportedAndTheScriptIsUnloadedAnyway()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "clumsy", UnloadHookFailing("could not save"), AddCommandPrintingArguments("clumsy", "Clumsy.")), "clumsy");
        var from = client.PrintedCount;

        var unload = await client.RunAsync($"{Lang} unload clumsy");

        Assert.Contains("unloaded clumsy", unload.Text);
        var error = await client.WaitForLineAsync($"{Language} 'clumsy': error in on_unload", from);
        Assert.Contains("could not save", error.Text);
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/clumsy")).Outcome);
        Assert.DoesNotContain("clumsy ", (await client.RunAsync($"{Lang} list")).Text);
    }

    [Fact]
    public async Task OnUnload_HookLoopsForever_StoppedByTheLimitAndTheScriptIsUnloadedAnyway()
    {
        await using var client = await StartAsync();
        await LoadBystanderAsync(client);
        AssertLoaded(await LoadAsync(client, "clingy", UnloadHookEndlessLoop(), AddCommandPrintingArguments("clingy", "Clingy.")), "clingy");
        var from = client.PrintedCount;

        var unload = await client.RunAsync($"{Lang} unload clingy");

        Assert.Contains("unloaded clingy", unload.Text);
        var stopped = await client.WaitForLineAsync($"{Language} 'clingy' stopped", from);
        Assert.Contains(CpuLimits, limit => stopped.Text.Contains(limit, StringComparison.Ordinal));
        Assert.Contains("(in on_unload)", stopped.Text);
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/clingy")).Outcome);
        Assert.DoesNotContain("clingy ", (await client.RunAsync($"{Lang} list")).Text);
        await AssertBystanderWorksAsync(client);
    }

    [Fact]
    public async Task OnUnload_ScriptStoppedByAFault_IsNotCalled()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "wreck", UnloadHookPrintingAndSaving("wreck saving"), OnJoinEndlessLoop()), "wreck");
        await client.PublishAsync(Join());
        await client.WaitForLineAsync($"{Language} 'wreck' stopped", from);

        await client.RunAsync($"{Lang} unload wreck");

        // A faulted script is broken or over its limits: running more of its code helps nobody.
        Assert.Equal(0, client.CountLines("wreck saving", from));
    }

    [Fact]
    public async Task DeletingTheFile_InTheScriptsFolder_UnloadsItWithinTwoSeconds()
    {
        using var folders = new ScriptingFolders();
        var file = Path.Combine(folders.Scripts, "doomed" + FileExtension);
        File.WriteAllText(file, string.Join("\n", AddCommandPrintingArguments("doomed", "Doomed."), UnloadHookPrintingAndSaving("doomed saying goodbye")));
        await using var client = await StartAsync(folders: folders);
        Assert.Contains(": running", await client.ListLineAsync("doomed", Language));
        var from = client.PrintedCount;

        File.Delete(file);

        await client.WaitForLineAsync($"{Language} 'doomed' unloaded after its file was deleted", from, TimeSpan.FromSeconds(3));
        Assert.Equal(1, client.CountLines("doomed saying goodbye", from));
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/doomed")).Outcome);
        Assert.DoesNotContain("doomed ", (await client.RunAsync($"{Lang} list")).Text);
    }

    [Fact]
    public async Task DeletingAFile_InTheScriptsFolder_LeavesTheScriptOfThatNameLoadedFromElsewhere()
    {
        using var folders = new ScriptingFolders();
        var file = Path.Combine(folders.Scripts, "twin" + FileExtension);
        File.WriteAllText(file, PrintOnLoad("the twin in the folder"));
        await using var client = await StartAsync(folders: folders);
        // Loading another file of the same name replaces the one from the folder.
        AssertLoaded(await LoadAsync(client, "twin", AddCommandPrintingArguments("twin", "Twin.")), "twin");
        var from = client.PrintedCount;

        File.Delete(file);
        await Task.Delay(800);

        Assert.DoesNotContain(client.PrintedSince(from), l => l.Contains("'twin' unloaded", StringComparison.Ordinal));
        Assert.Equal(CommandOutcome.Ran, (await client.RunAsync("/twin here")).Outcome);
    }
}
