using System.Diagnostics;
using System.Text.RegularExpressions;
using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

// Loading, listing, unloading, reloading, the folder watch, enable/disable and persisted settings.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task Load_ScriptThatPrints_LineAppearsInTheStatusBuffer()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        var result = await LoadAsync(client, "hello", PrintOnLoad("hello from a script"));

        AssertLoaded(result, "hello");
        await client.WaitForLineAsync("hello from a script", from);
        Assert.Contains("hello from a script", (await client.BufferLinesAsync("status")).Select(l => l.Text));
    }

    [Fact]
    public async Task Catalog_ListsTheScriptUnderItsEngine_AndDisablingItThereStopsIt()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "listed", AddCommandPrintingArguments("listed", "A command of listed.")), "listed");

        var listed = (await client.RunAsync($"/extensions {Language}")).Text;
        await client.RunAsync($"/extensions disable {Language}:listed");
        var deadline = Stopwatch.StartNew();
        while (!(await client.RunAsync($"/extensions {Language}")).Text.Contains($"{Language}:listed ?: disabled", StringComparison.Ordinal))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the catalog never showed the script disabled");
            await Task.Delay(20);
        }

        Assert.Contains($"{Language}:listed ?: running", listed);
        Assert.Contains("limits memory", listed);
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/listed")).Outcome);
        Assert.Contains("module:" + Language, (await client.RunAsync("/extensions")).Text); // the modules are in the same list
    }

    [Fact]
    public async Task Print_NonAsciiText_IsShownUnchanged()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        AssertLoaded(await LoadAsync(client, "unicode", PrintOnLoad("Grüße, 世界 ✓")), "unicode");

        Assert.Contains("Grüße, 世界 ✓", client.PrintedSince(from));
    }

    [Fact]
    public async Task Start_ScriptInTheScriptsFolder_IsLoadedWithoutAsking()
    {
        using var folders = new ScriptingFolders();
        File.WriteAllText(Path.Combine(folders.Scripts, "early" + FileExtension), AddCommandPrintingArguments("early", "A command of early."));

        await using var client = await StartAsync(folders: folders);

        Assert.Contains(": running", await client.ListLineAsync("early", Language));
        var from = client.PrintedCount;
        await client.RunAsync("/early bird");
        await client.WaitForLineAsync("early: bird", from);
    }

    [Fact]
    public async Task Start_BrokenScriptInTheScriptsFolder_ErrorIsShownInTheStatusBuffer()
    {
        using var folders = new ScriptingFolders();
        File.WriteAllText(Path.Combine(folders.Scripts, "cracked" + FileExtension), EndlessLoop());

        await using var client = await StartAsync(folders: folders);

        Assert.Contains(": faulted", await client.ListLineAsync("cracked", Language));
        var error = await client.WaitForLineAsync($"{Language} 'cracked' stopped", timeout: TimeSpan.FromSeconds(1));
        Assert.Equal("status", error.Buffer);
    }

    [Fact]
    public async Task Eval_Expression_RepliesWithItsValue()
    {
        await using var client = await StartAsync();

        var result = await client.RunAsync($"{Lang} eval {Product(6, 7)}");

        Assert.Equal(["42"], result.Replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Eval_ApiCallWithAWrongType_ErrorNamesBothTypesInTheScriptsLanguage()
    {
        await using var client = await StartAsync();

        var result = await client.RunAsync($"{Lang} eval {MaskMatchOfAList()}");

        var (text, list) = TextAndListTypeNames;
        Assert.Contains($"irc.mask_match: argument 1 (mask) must be {text}, not {list}", result.Text);
    }

    [Fact]
    public async Task List_LoadedScript_ShowsNameVersionAuthorDescriptionStatePermissionsMemoryAndCpu()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "listed", WithMetadata(PrintOnLoad("hi"), "listed", "1.2.3", "Ada Lovelace", "Shows up in the list")), "listed");

        var line = await client.ListLineAsync("listed", Language);

        var shape = new Regex(@"^listed 1\.2\.3 by Ada Lovelace \(Shows up in the list\): running, (?<kib>\d+) KiB, CPU (?<cpu>\d+) ms; permissions (?<permissions>.+)$");
        var match = shape.Match(line);
        Assert.True(match.Success, $"The list line does not show name, version, author, description, state, memory, CPU and permissions: {line}");
        Assert.True(int.Parse(match.Groups["kib"].Value) > 0, $"A running interpreter holds some memory, but the list says: {line}");
        foreach (var permission in new[] { "ui_modification", "irc.read", "irc.send" })
        {
            Assert.Contains(permission, match.Groups["permissions"].Value);
        }
    }

    [Fact]
    public async Task Unload_ScriptWithHandlerCommandAndTimer_LeavesNothingBehind()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "busy",
            OnJoinPrint("busy saw"),
            AddCommandPrintingArguments("busycmd", "A command of busy."),
            TimerPrinting(30, repeat: true, "busy tick")), "busy");
        await client.WaitForLineAsync("busy tick");
        var seen = 0;
        await client.SubscribeAsync<JoinEvent>(_ =>
        {
            seen++;
            return EventResult.Continue;
        }, priority: -100);

        var unload = await client.RunAsync($"{Lang} unload busy");
        var from = client.PrintedCount;

        Assert.Contains("unloaded busy", unload.Text);
        await client.PublishAsync(Join());
        Assert.Equal(1, seen);
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/busycmd x")).Outcome);
        await Task.Delay(200);
        Assert.DoesNotContain(client.PrintedSince(from), l => l.StartsWith("busy", StringComparison.Ordinal));
        Assert.DoesNotContain("busy ", (await client.RunAsync($"{Lang} list")).Text);
    }

    [Fact]
    public async Task Reload_AfterEditingTheFile_RunsTheNewCode()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "edited", PrintOnLoad("version one"), AddCommandPrintingArguments("one", "First version.")), "edited");
        client.WriteElsewhere("edited", string.Join("\n", PrintOnLoad("version two"), AddCommandPrintingArguments("two", "Second version.")), FileExtension);
        var from = client.PrintedCount;

        var reload = await client.RunAsync($"{Lang} reload edited");

        Assert.Contains("reloaded edited", reload.Text);
        await client.WaitForLineAsync("version two", from);
        Assert.Equal(CommandOutcome.Unknown, (await client.RunAsync("/one")).Outcome);
        Assert.Equal(CommandOutcome.Ran, (await client.RunAsync("/two a b")).Outcome);
        await client.WaitForLineAsync("two: a|b", from);
    }

    [Fact]
    public async Task SavingTheFile_InTheScriptsFolder_ReloadsItWithinTwoSeconds()
    {
        using var folders = new ScriptingFolders();
        File.WriteAllText(Path.Combine(folders.Scripts, "watched" + FileExtension), PrintOnLoad("watched v1"));
        await using var client = await StartAsync(folders: folders);
        Assert.Contains(": running", await client.ListLineAsync("watched", Language));
        var from = client.PrintedCount;
        var clock = Stopwatch.StartNew();

        client.WriteScript("watched", PrintOnLoad("watched v2"), FileExtension);

        await client.WaitForLineAsync("watched v2", from, TimeSpan.FromSeconds(3));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"The saved script ran again only after {clock.Elapsed.TotalSeconds:0.0} s.");
        await client.WaitForLineAsync($"{Language} 'watched' reloaded after its file changed", from);
    }

    [Fact]
    public async Task Disable_ThenRestartTheClient_StaysDisabledUntilEnabled()
    {
        using var folders = new ScriptingFolders();
        File.WriteAllText(Path.Combine(folders.Scripts, "sleepy" + FileExtension), AddCommandPrintingArguments("sleepy", "A command of sleepy."));
        await using (var first = await StartAsync(folders: folders))
        {
            Assert.Contains("disabled sleepy", (await first.RunAsync($"{Lang} disable sleepy")).Text);
            Assert.Equal(CommandOutcome.Unknown, (await first.RunAsync("/sleepy")).Outcome);
        }

        await using (var second = await StartAsync(folders: folders))
        {
            Assert.Contains(": disabled", await second.ListLineAsync("sleepy", Language));
            Assert.Equal(CommandOutcome.Unknown, (await second.RunAsync("/sleepy")).Outcome);
            Assert.Contains("enabled sleepy", (await second.RunAsync($"{Lang} enable sleepy")).Text);
            var from = second.PrintedCount;
            await second.RunAsync("/sleepy awake");
            await second.WaitForLineAsync("sleepy: awake", from);
        }

        await using var third = await StartAsync(folders: folders);
        Assert.Contains(": running", await third.ListLineAsync("sleepy", Language));
    }

    [Fact]
    public async Task ConfigAndStorage_SetThenReloadAndRestart_ValuesAreKept()
    {
        using var folders = new ScriptingFolders();
        await using (var first = await StartAsync(folders: folders))
        {
            var from = first.PrintedCount;
            AssertLoaded(await LoadAsync(first, "counter", CountInConfigAndStorage("runs")), "counter");
            await first.WaitForLineAsync("config=none storage=none", from);

            from = first.PrintedCount;
            await first.RunAsync($"{Lang} reload counter");
            await first.WaitForLineAsync("config=1 storage=10", from);
        }

        await using var second = await StartAsync(folders: folders);
        var again = second.PrintedCount;
        AssertLoaded(await second.RunAsync($"{Lang} load {second.WriteElsewhere("counter", CountInConfigAndStorage("runs"), FileExtension)}"), "counter");
        await second.WaitForLineAsync("config=2 storage=20", again);
    }

    [Fact]
    public async Task Storage_TablesOfListsAndFields_AreKeptAcrossARestart_AndWhatCannotBeStoredIsRefused()
    {
        using var folders = new ScriptingFolders();
        await using (var first = await StartAsync(folders: folders))
        {
            var from = first.PrintedCount;
            AssertLoaded(await LoadAsync(first, "keeper", StoreTables("last")), "keeper");
            var refusals = new[]
            {
                await first.WaitForLineAsync("refused: a value with both a list part and named fields", from),
                await first.WaitForLineAsync("refused: only strings, numbers, booleans, and lists and maps of these can be stored, not " + FunctionTypeName, from),
                await first.WaitForLineAsync("refused: only finite numbers can be stored", from),
            };
            Assert.All(refusals, line => Assert.Contains("refused: ", line.Text, StringComparison.Ordinal));
        }

        // A new client, the same script (storage is per script) with other code: it reads the file the first
        // one wrote, in which the refused values changed nothing.
        await using var second = await StartAsync(folders: folders);
        var again = second.PrintedCount;
        AssertLoaded(await second.RunAsync($"{Lang} load {second.WriteElsewhere("keeper", PrintStoredTable("last"), FileExtension)}"), "keeper");
        Assert.Equal("table: ada #a,#ü 1700000000 false", (await second.WaitForLineAsync("table: ", again)).Text);
    }
}
