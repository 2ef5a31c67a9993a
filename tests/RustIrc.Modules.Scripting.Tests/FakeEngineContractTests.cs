using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The engine contract for a made-up language (tests/TestModules/FakeScript, files <c>.fake</c>): an engine
/// written only against the script core's public contract, which the core runs with no change, passing
/// every case Lua passes. Its statements are described in FakeParser.cs.
/// </summary>
public sealed class FakeEngineContractTests : ScriptEngineContract
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected override string Language => "fake";

    protected override string FileExtension => ".fake";

    protected override string FunctionTypeName => "a block";

    protected override (string Text, string List) TextAndListTypeNames => ("a text", "a list");

    private static string Q(string text) => JsonSerializer.Serialize(text, Json);

    protected override string PrintOnLoad(string text) => $"print {Q(text)}";

    protected override string WithMetadata(string body, string name, string version, string author, string description) =>
        $"meta {Q(name)} {Q(version)} {Q(author)} {Q(description)}\n{body}";

    protected override string PrintMessageFields() =>
        "on message do print \"message server={server} nick={nick} user={user} host={host} channel={channel} text={text} account={tags.account} msgid={tags.msgid} time={time:0.00}\"";

    protected override string OnJoinPrint(string text, int priority = 0, bool eat = false) =>
        $"on join priority {priority} do print {Q(text + " {nick}")}{(eat ? " ; eat" : "")}";

    protected override string OnJoinFail(string message) => $"on join do fail {Q(message)}";

    protected override string OnEventPrint(string eventName, string text) => $"on {eventName} do print {Q(text)}";

    protected override string OnJoinEndlessLoop() => "on join do loop";

    protected override string AddCommandPrintingArguments(string command, string help) =>
        $"command {command} help {Q(help)} do print {Q(command + ": {args/|}")}";

    protected override string AddCommandSendingPrivmsg(string command, string target, string text, string server) =>
        $"command {command} help \"Sends a message.\" do call privmsg {Q(target)} {Q(text)} {Q(server)} ; print \"sent\"";

    protected override string AddCommandConnecting(string command, string host, int port, string nick) =>
        $"command {command} help \"Connects.\" do call connect {Q(host)} {port} {Q(nick)} ; print \"connecting\"";

    protected override string AddCommandAnswering(string command, string text) => $"command {command} help \"Answers.\" do answer {Q(text)}";

    protected override string LoadHookPrinting(string text) => $"function on_load do print {Q(text)}";

    protected override string AddCommandFailing(string command, string message) => $"command {command} help \"Fails.\" do fail {Q(message)}";

    protected override string AddCommandEndlessLoop(string command) => $"command {command} help \"Never ends.\" do loop";

    protected override string AddCommandChangingNick(string command, string nick, string server) =>
        $"command {command} help \"Changes nick.\" do call nick {Q(nick)} {Q(server)} ; print \"nick sent\"";

    protected override string AddCommandRemovingCommands(string command) =>
        $"command {command} help \"Removes a command.\" do try remove_command $1 as removed ; unless $error print \"removed {{removed}}\" ; when $error print \"refused: {{error}}\"";

    protected override string TimerPrinting(int milliseconds, bool repeat, string text) =>
        $"timer {milliseconds} {(repeat ? "repeat" : "once")} do print {Q(text)}";

    protected override string TimerWithCancelCommand(int milliseconds, bool repeat, string text, string command) => $"""
        timer {milliseconds} {(repeat ? "repeat" : "once")} as handle do print {Q(text)}
        command {command} help "Cancels the timer." do call cancel_timer $handle as a ; call cancel_timer $handle as b ; call cancel_timer 987654 as c ; print "cancel {"{a}"} {"{b}"} {"{c}"}"
        """;

    protected override string PrintMaskMatches(params (string Mask, string Hostmask)[] pairs) => string.Join("\n", pairs.Select(p =>
        $"call mask_match {Q(p.Mask)} {Q(p.Hostmask)} as matched\nprint {Q($"mask_match {p.Mask} {p.Hostmask} ".Replace("{", "{{"))[..^1]}{{matched}}\""));

    protected override string PrintBuffersAndCurrent() => """
        call buffers as names
        call current_buffer as current
        print "buffers: {names/,}"
        print "current: {current}"
        """;

    protected override string PrintTargetAndChannel(string eventName) =>
        $"on {eventName} do print {Q(eventName + " target={target} channel={channel}")}";

    protected override string UnloadHookPrintingAndSaving(string text) =>
        $"function on_unload do print {Q(text)} ; call storage.set \"unloaded\" {Q(text)}";

    protected override string UnloadHookFailing(string message) => $"function on_unload do fail {Q(message)}";

    protected override string UnloadHookEndlessLoop() => "function on_unload do loop";

    protected override string PrintStored(string key) => $"call storage.get {Q(key)} as stored\nprint \"stored={{stored|none}}\"";

    protected override string CountInConfigAndStorage(string key) => $"""
        call config.get {Q(key)} as c
        call storage.get {Q(key)} as s
        print "config={"{c|none}"} storage={"{s|none}"}"
        add c 1
        add s 10
        call config.set {Q(key)} $c
        call storage.set {Q(key)} $s
        """;

    protected override string StoreTables(string key) => $$"""
        call storage.set {{Q(key)}} {"nick":"ada","channels":["#a","#ü"],"seen":1700000000,"away":false}
        try storage.set "mixed" mixed
        when $error print "refused: {error}"
        try storage.set "fn" fn
        when $error print "refused: {error}"
        try storage.set "nan" nan
        when $error print "refused: {error}"
        """;

    protected override string PrintStoredTable(string key) => $$"""
        call storage.get {{Q(key)}} as t
        unless $t print "table: none"
        when $t print "table: {t.nick} {t.channels} {t.seen} {t.away}"
        """;

    protected override string BusyRepeatingTimer(int everyMs, int busyMs) =>
        $"timer {everyMs} repeat do busy {(busyMs / 1000.0).ToString(CultureInfo.InvariantCulture)}";

    protected override string EndlessLoop() => "loop";

    protected override string MemoryBomb() => "alloc";

    protected override string EndlessRecursion() => "recurse";

    protected override string EndlessLoopInsideErrorCatcher() => "catch-loop";

    protected override string BusyLoopInsideCoroutine(double seconds, string doneText) =>
        $"busy {seconds.ToString(CultureInfo.InvariantCulture)}\nprint {Q(doneText)}";

    protected override string Product(int a, int b) => $"multiply {a} {b}";

    protected override string MaskMatchOfAList() => """call mask_match [1, 2] "ada!u@h" as m""";
}
