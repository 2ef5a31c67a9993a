using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

// Event handlers, commands, timers, and how a failing handler is isolated.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task On_MessageEvent_HandlerSeesServerNickUserHostChannelTextTagsAndTime()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "fields", PrintMessageFields()), "fields");
        var from = client.PrintedCount;

        await client.PublishAsync(new MessageEvent
        {
            Network = "net",
            Nick = "ada",
            User = "~ada",
            Host = "ada.example.org",
            Target = "#rust",
            Text = "hello there",
            Tags = new Dictionary<string, string> { ["account"] = "adal", ["msgid"] = "m1" },
            Time = EventTime,
        });

        var line = await client.WaitForLineAsync("message ", from);
        Assert.Equal("message server=net nick=ada user=~ada host=ada.example.org channel=#rust text=hello there account=adal msgid=m1 time=1700000000.25", line.Text);
    }

    [Fact]
    public async Task On_HandlerReturningTrue_EatsTheEventBeforeLowerPriorityHandlers()
    {
        await using var client = await StartAsync();
        var seen = new List<string>();
        await client.SubscribeAsync<JoinEvent>(e =>
        {
            seen.Add(e.Nick!);
            return EventResult.Continue;
        }, priority: -10);
        AssertLoaded(await LoadAsync(client, "watcher", OnJoinPrint("watcher saw", priority: 10)), "watcher");
        AssertLoaded(await LoadAsync(client, "eater", OnJoinPrint("eater ate", priority: 20, eat: true)), "eater");
        var from = client.PrintedCount;

        var result = await client.PublishAsync(Join("mallory"));

        Assert.Equal(EventResult.Eat, result);
        await client.WaitForLineAsync("eater ate mallory", from);
        Assert.DoesNotContain("watcher saw mallory", client.PrintedSince(from));
        Assert.Empty(seen);

        // Without the eater, both the script below it and the .NET handler see the next join.
        await client.RunAsync($"{Lang} unload eater");
        Assert.Equal(EventResult.Continue, await client.PublishAsync(Join("bob")));
        await client.WaitForLineAsync("watcher saw bob", from);
        Assert.Equal(["bob"], seen);
    }

    [Fact]
    public async Task AddCommand_ScriptCommand_RunsWithItsArgumentsAndIsListedByHelp()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "greeter", AddCommandPrintingArguments("greet", "Greets everyone you name.")), "greeter");
        var from = client.PrintedCount;

        var run = await client.RunAsync("/greet ada bob");
        var help = await client.RunAsync("/help");
        var helpGreet = await client.RunAsync("/help greet");

        Assert.Equal(CommandOutcome.Ran, run.Outcome);
        await client.WaitForLineAsync("greet: ada|bob", from);
        Assert.Contains(help.Replies, r => r.Text.Contains("/greet", StringComparison.Ordinal) && r.Text.Contains("Greets everyone you name", StringComparison.Ordinal));
        Assert.Contains("Greets everyone you name.", helpGreet.Text);
        // Whose command it is: the script's own (it is removed with the script).
        Assert.Contains(helpGreet.Replies, r => r.Text == $"(from {Language} script greeter)");
        Assert.Equal(new Sdk.ExtensionId(Language, "greeter"), client.Kernel.Commands.Find("greet")!.Owner);
    }

    [Fact]
    public async Task AddCommand_HandlerReturnsText_ItIsTheCommandsAnswer()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "oracle", AddCommandAnswering("ask", "42 is the answer")), "oracle");

        var run = await client.RunAsync("/ask");

        Assert.Equal(CommandOutcome.Ran, run.Outcome);
        Assert.Equal(["42 is the answer"], run.Replies.Select(r => r.Text));
    }

    [Fact]
    public async Task OnLoad_DefinedByTheScript_CalledOnceAfterTheFileRanAndAgainOnReload()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        AssertLoaded(await LoadAsync(client, "starter", PrintOnLoad("top level ran"), LoadHookPrinting("on_load ran")), "starter");

        Assert.Equal(["top level ran", "on_load ran"], client.PrintedSince(from).Where(l => l.EndsWith(" ran", StringComparison.Ordinal)));
        await client.RunAsync($"{Lang} reload starter");
        Assert.Equal(2, client.CountLines("on_load ran", from));
    }

    [Fact]
    public async Task AddCommand_ClientWithoutTheIrcModule_CommandStillRuns()
    {
        // A client composed of the ui and the script engine only: a script's command needs no IRC.
        await using var client = await StartAsync(withIrc: false);
        AssertLoaded(await LoadAsync(client, "offline", AddCommandPrintingArguments("calc", "Works offline.")), "offline");
        var from = client.PrintedCount;

        var run = await client.RunAsync("/calc 1 2");

        Assert.Equal(CommandOutcome.Ran, run.Outcome);
        await client.WaitForLineAsync("calc: 1|2", from);
        Assert.DoesNotContain(client.PrintedSince(from), l => l.Contains("threw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timer_OneShot_FiresOnce()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        AssertLoaded(await LoadAsync(client, "once", TimerPrinting(20, repeat: false, "one shot")), "once");

        await client.WaitForLineAsync("one shot", from);
        await Task.Delay(250);
        Assert.Equal(1, client.CountLines("one shot", from));
    }

    [Fact]
    public async Task Timer_Repeating_FiresUntilTheScriptIsUnloaded()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "ticker", TimerPrinting(20, repeat: true, "tick")), "ticker");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (client.CountLines("tick", from) < 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(client.CountLines("tick", from) >= 3, "A repeating timer of 20 ms did not fire three times in 5 s.");

        await client.RunAsync($"{Lang} unload ticker");
        var afterUnload = client.CountLines("tick", from);
        await Task.Delay(250);

        Assert.Equal(afterUnload, client.CountLines("tick", from));
    }

    [Fact]
    public async Task CancelTimer_Repeating_StopsItAndCancellingAgainOrAnUnknownHandleReturnsFalse()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "metronome", TimerWithCancelCommand(20, repeat: true, "tock", "hush")), "metronome");
        await client.WaitForLineAsync("tock", from);

        await client.RunAsync("/hush");

        await client.WaitForLineAsync("cancel true false false", from);
        var afterCancel = client.CountLines("tock", from);
        await Task.Delay(250);
        Assert.Equal(afterCancel, client.CountLines("tock", from));
    }

    [Fact]
    public async Task CancelTimer_OneShotBeforeItFires_ItNeverFires()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "snooze", TimerWithCancelCommand(400, repeat: false, "alarm", "snooze")), "snooze");

        await client.RunAsync("/snooze");

        await client.WaitForLineAsync("cancel true false false", from);
        await Task.Delay(700);
        Assert.DoesNotContain("alarm", client.PrintedSince(from));
    }

    [Fact]
    public async Task CancelTimer_OneShotThatFired_ReturnsFalse()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;
        AssertLoaded(await LoadAsync(client, "late", TimerWithCancelCommand(1, repeat: false, "fired", "toolate")), "late");
        await client.WaitForLineAsync("fired", from);

        await client.RunAsync("/toolate");

        await client.WaitForLineAsync("cancel false false false", from);
    }

    [Theory]
    [InlineData("message")]
    [InlineData("notice")]
    [InlineData("action")]
    [InlineData("mode")]
    public async Task On_MessageToUs_ChannelIsNilAndTargetIsOurNick(string eventName)
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "privacy", PrintTargetAndChannel(eventName)), "privacy");
        var from = client.PrintedCount;

        // No network is connected, so the channel prefixes are IRC's usual # & + !.
        foreach (var target in new[] { "me", "#rust", "&local", "+modeless", "!ABCDEsafe" }) await PublishTextAsync(client, eventName, target);

        await client.WaitForLineAsync($"{eventName} target=!ABCDEsafe", from);
        Assert.Equal(
        [
            $"{eventName} target=me channel=nil",
            $"{eventName} target=#rust channel=#rust",
            $"{eventName} target=&local channel=&local",
            $"{eventName} target=+modeless channel=+modeless",
            $"{eventName} target=!ABCDEsafe channel=!ABCDEsafe",
        ], client.PrintedSince(from).Where(l => l.StartsWith(eventName + " target=", StringComparison.Ordinal)));
    }

    /// <summary>Publishes a message, notice or action to <paramref name="target"/> (by its own type: the bus dispatches on it).</summary>
    private static Task<EventResult> PublishTextAsync(ScriptingClient client, string eventName, string target) => eventName switch
    {
        "message" => client.PublishAsync(new MessageEvent { Network = "net", Nick = "ada", Target = target, Text = "hi" }),
        "notice" => client.PublishAsync(new NoticeEvent { Network = "net", Nick = "ada", Target = target, Text = "hi" }),
        "mode" => client.PublishAsync(new ModeEvent { Network = "net", Nick = "ada", Target = target, Modes = "+i" }),
        _ => client.PublishAsync(new ActionEvent { Network = "net", Nick = "ada", Target = target, Text = "waves" }),
    };

    [Fact]
    public async Task Buffers_WithAUi_ListsTheBuffersAndTheCurrentOne()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        AssertLoaded(await LoadAsync(client, "windows", PrintBuffersAndCurrent()), "windows");

        var printed = client.PrintedSince(from);
        Assert.Contains(printed, l => l.StartsWith("buffers: ", StringComparison.Ordinal) && l["buffers: ".Length..].Split(',').Contains("status"));
        Assert.Contains("current: status", printed);
    }

    [Fact]
    public async Task HandlerError_IsReportedNamingTheScriptAndOtherScriptsStillRun()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "broken", OnJoinFail("boom in broken")), "broken");
        AssertLoaded(await LoadAsync(client, "healthy", OnJoinPrint("healthy saw")), "healthy");
        var from = client.PrintedCount;

        await client.PublishAsync(Join("ada"));
        await client.PublishAsync(Join("bob"));

        var error = await client.WaitForLineAsync($"{Language} 'broken': error in join handler", from);
        Assert.Contains("boom in broken", error.Text);
        Assert.Equal(LineKind.Error, error.Kind);
        await client.WaitForLineAsync("healthy saw ada", from);
        await client.WaitForLineAsync("healthy saw bob", from);
        Assert.Contains(": running", await client.ListLineAsync("broken", Language));
    }

    [Fact]
    public async Task HandlerErrors_FiveInARow_StopTheScriptWithTheReasonInList()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "flaky", OnJoinFail("flaky failed")), "flaky");
        var from = client.PrintedCount;

        for (var i = 0; i < 5; i++) await client.PublishAsync(Join("user" + i));
        var errorsAfterFive = client.PrintedSince(from).Count(l => l.Contains("flaky failed", StringComparison.Ordinal));
        await client.PublishAsync(Join("late"));

        var line = await client.ListLineAsync("flaky", Language);
        Assert.Contains(": faulted", line);
        Assert.Contains("5 errors in a row", line);
        Assert.Contains("flaky failed", line);
        Assert.Equal(errorsAfterFive, client.PrintedSince(from).Count(l => l.Contains("flaky failed", StringComparison.Ordinal)));
    }
}
