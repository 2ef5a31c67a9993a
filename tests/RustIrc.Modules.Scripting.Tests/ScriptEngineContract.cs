using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// What every script engine must do, written once against a description of the engine: its name, its file
/// extension, and how to say a few small things in its language. Each engine's test class inherits this
/// and fills in the snippets; the cases then run against the real kernel with that engine's module.
/// </summary>
/// <remarks>
/// Snippets are statements that can be joined with newlines (a script is often two or three of them), and
/// print with the script API's print. <see cref="WithMetadata"/> wraps a whole script.
/// </remarks>
public abstract partial class ScriptEngineContract
{
    /// <summary>The language's name, also its command: <c>lua</c> for <c>/lua</c>.</summary>
    protected abstract string Language { get; }

    /// <summary>Its scripts' file extension, with the dot.</summary>
    protected abstract string FileExtension { get; }

    /// <summary>How the language names a function in errors (<c>a function</c>).</summary>
    protected abstract string FunctionTypeName { get; }

    /// <summary>How the language names a string and a list in errors (<c>a string</c>, <c>a table</c>).</summary>
    protected abstract (string Text, string List) TextAndListTypeNames { get; }

    /// <summary>Prints <paramref name="text"/> when the script loads.</summary>
    protected abstract string PrintOnLoad(string text);

    /// <summary>The whole script <paramref name="body"/>, declaring name, version, author and description.</summary>
    protected abstract string WithMetadata(string body, string name, string version, string author, string description);

    /// <summary>
    /// A handler of the <c>message</c> event printing its fields as
    /// <c>message server=S nick=N user=U host=H channel=C text=T account=A msgid=M time=SECONDS</c>
    /// (account and msgid are IRCv3 tags; the time in seconds with two decimals).
    /// </summary>
    protected abstract string PrintMessageFields();

    /// <summary>A <c>join</c> handler of <paramref name="priority"/> printing <c>TEXT NICK</c>; it eats the event when <paramref name="eat"/>.</summary>
    protected abstract string OnJoinPrint(string text, int priority = 0, bool eat = false);

    /// <summary>A <c>join</c> handler that fails with an error saying <paramref name="message"/>.</summary>
    protected abstract string OnJoinFail(string message);

    /// <summary>A handler for the event named <paramref name="eventName"/> that prints <paramref name="text"/>.</summary>
    protected abstract string OnEventPrint(string eventName, string text);

    /// <summary>A <c>join</c> handler that never returns (an endless loop).</summary>
    protected abstract string OnJoinEndlessLoop();

    /// <summary>Adds command <paramref name="command"/> with <paramref name="help"/>; it prints <c>COMMAND: ARG1|ARG2|…</c>.</summary>
    protected abstract string AddCommandPrintingArguments(string command, string help);

    /// <summary>Adds command <paramref name="command"/> that calls <c>irc.privmsg(target, text, server)</c>.</summary>
    protected abstract string AddCommandSendingPrivmsg(string command, string target, string text, string server);

    /// <summary>Adds command <paramref name="command"/> that calls <c>irc.connect(host, port, nick)</c>.</summary>
    protected abstract string AddCommandConnecting(string command, string host, int port, string nick);

    /// <summary>Adds command <paramref name="command"/> whose handler returns <paramref name="text"/> (and prints nothing).</summary>
    protected abstract string AddCommandAnswering(string command, string text);

    /// <summary>Defines the load hook (<c>on_load</c>): it prints <paramref name="text"/>.</summary>
    protected abstract string LoadHookPrinting(string text);

    /// <summary>Adds command <paramref name="command"/> whose handler fails with an error saying <paramref name="message"/>.</summary>
    protected abstract string AddCommandFailing(string command, string message);

    /// <summary>Adds command <paramref name="command"/> whose handler never returns (an endless loop).</summary>
    protected abstract string AddCommandEndlessLoop(string command);

    /// <summary>Adds command <paramref name="command"/> that calls <c>irc.nick(nick, server)</c>, then prints <c>nick sent</c>.</summary>
    protected abstract string AddCommandChangingNick(string command, string nick, string server);

    /// <summary>
    /// Adds command <paramref name="command"/>: <c>/COMMAND NAME</c> calls <c>irc.remove_command(NAME)</c> and prints
    /// <c>removed RESULT</c> (<c>true</c> or <c>false</c>), or <c>refused: MESSAGE</c> when the call raises an error.
    /// </summary>
    protected abstract string AddCommandRemovingCommands(string command);

    /// <summary>Starts a timer of <paramref name="milliseconds"/> (repeating when asked) that prints <paramref name="text"/>.</summary>
    protected abstract string TimerPrinting(int milliseconds, bool repeat, string text);

    /// <summary>
    /// Starts a timer like <see cref="TimerPrinting"/> and adds command <paramref name="command"/>, which cancels that
    /// timer twice, then cancels handle 987654 (never handed out), and prints <c>cancel A B C</c> with the three
    /// results (<c>true</c> or <c>false</c>).
    /// </summary>
    protected abstract string TimerWithCancelCommand(int milliseconds, bool repeat, string text, string command);

    /// <summary>Prints <c>mask_match MASK HOSTMASK RESULT</c> (<c>true</c> or <c>false</c>) for each pair, when loaded.</summary>
    protected abstract string PrintMaskMatches(params (string Mask, string Hostmask)[] pairs);

    /// <summary>Prints <c>buffers: A,B,…</c> (the names <c>irc.buffers()</c> gives, joined by commas) and <c>current: NAME</c>, when loaded.</summary>
    protected abstract string PrintBuffersAndCurrent();

    /// <summary>A handler of <paramref name="eventName"/> printing <c>EVENT target=T channel=C</c>, <c>nil</c> for a field that is missing.</summary>
    protected abstract string PrintTargetAndChannel(string eventName);

    /// <summary>Defines the unload hook (<c>on_unload</c>): it prints <paramref name="text"/> and stores it in the script's storage under <c>unloaded</c>.</summary>
    protected abstract string UnloadHookPrintingAndSaving(string text);

    /// <summary>Defines an unload hook that fails with an error saying <paramref name="message"/>.</summary>
    protected abstract string UnloadHookFailing(string message);

    /// <summary>Defines an unload hook that never returns (an endless loop).</summary>
    protected abstract string UnloadHookEndlessLoop();

    /// <summary>Prints <c>stored=VALUE</c>, the value stored under <paramref name="key"/> in the script's storage (<c>none</c> when unset).</summary>
    protected abstract string PrintStored(string key);

    /// <summary>
    /// Prints <c>config=C storage=S</c> with the numbers stored under <paramref name="key"/> in the script's
    /// config and storage (<c>none</c> when unset), then stores C+1 and S+10 (starting from 0).
    /// </summary>
    protected abstract string CountInConfigAndStorage(string key);

    /// <summary>
    /// Stores under <paramref name="key"/> in the script's storage the table
    /// <c>{ nick = "ada", channels = { "#a", "#ü" }, seen = 1700000000, away = false }</c> (a list in named
    /// fields), then tries to store, each under its own key, a table with both a list and named fields, a
    /// function and NaN, printing <c>refused: MESSAGE</c> for each refusal.
    /// </summary>
    protected abstract string StoreTables(string key);

    /// <summary>Prints <c>table: NICK CHANNEL1,CHANNEL2 SEEN AWAY</c> from the table stored under <paramref name="key"/>, or <c>table: none</c>.</summary>
    protected abstract string PrintStoredTable(string key);

    /// <summary>A timer every <paramref name="everyMs"/> ms, repeating, that keeps the CPU busy for <paramref name="busyMs"/> ms each time.</summary>
    protected abstract string BusyRepeatingTimer(int everyMs, int busyMs);

    /// <summary>Code that loops forever.</summary>
    protected abstract string EndlessLoop();

    /// <summary>Code that allocates until memory runs out.</summary>
    protected abstract string MemoryBomb();

    /// <summary>A function that calls itself without end.</summary>
    protected abstract string EndlessRecursion();

    /// <summary>An endless loop inside the language's catch-all (pcall, try/except), itself in an endless loop.</summary>
    protected abstract string EndlessLoopInsideErrorCatcher();

    /// <summary>
    /// A loop inside a coroutine (or generator) that would busy the CPU for <paramref name="seconds"/> and then
    /// print <paramref name="doneText"/>: far beyond any limit, but finite, so a broken limit fails the case
    /// instead of hanging the run.
    /// </summary>
    protected abstract string BusyLoopInsideCoroutine(double seconds, string doneText);

    /// <summary>An expression for <c>/lang eval</c> whose value is <paramref name="a"/> times <paramref name="b"/>.</summary>
    protected abstract string Product(int a, int b);

    /// <summary>Code for <c>/lang eval</c> that calls <c>irc.mask_match</c> with a list of 1, 2 as its mask.</summary>
    protected abstract string MaskMatchOfAList();

    // ---- helpers ----

    private string Lang => "/" + Language;

    private static readonly DateTimeOffset EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

    private static JoinEvent Join(string nick = "ada") => new() { Network = "net", Nick = nick, User = "~" + nick, Host = nick + ".example.org", Channel = "#rust" };

    /// <summary>A client with the ui, irc and lua modules (or the engine's module), over fresh folders unless given.</summary>
    private Task<ScriptingClient> StartAsync(bool withIrc = true, ScriptingFolders? folders = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        ScriptingClient.StartAsync(new ScriptingSetup { Engine = Language, WithIrc = withIrc, Folders = folders, Settings = settings ?? new Dictionary<string, string?>() });

    private Task<CommandResult> LoadAsync(ScriptingClient client, string name, params string[] snippets) =>
        client.LoadAsync(name, string.Join("\n", snippets), Language, FileExtension);

    private static void AssertLoaded(CommandResult result, string name) =>
        Assert.True(result.Replies.Any(r => r.Text == $"loaded {name}") && !result.Errors.Any(), $"The script {name} did not load:\n{result.Text}");

    /// <summary>A second script with a command, loaded to show that others keep working after one is stopped.</summary>
    private async Task LoadBystanderAsync(ScriptingClient client)
    {
        AssertLoaded(await LoadAsync(client, "bystander", AddCommandPrintingArguments("still", "Says it is still here.")), "bystander");
    }

    private static async Task AssertBystanderWorksAsync(ScriptingClient client)
    {
        var from = client.PrintedCount;
        var result = await client.RunAsync("/still here");
        Assert.Equal(CommandOutcome.Ran, result.Outcome);
        await client.WaitForLineAsync("still: here", from);
    }
}
