using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>The engine contract for Python: the snippets in Python, the cases as written in <see cref="ScriptEngineContract"/>.</summary>
public sealed class PythonEngineContractTests : ScriptEngineContract
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static int _names;

    protected override string Language => "python";

    protected override string FileExtension => ".py";

    protected override string FunctionTypeName => "a function";

    protected override (string Text, string List) TextAndListTypeNames => ("a str", "a list");

    /// <summary>A Python string literal (JSON's escapes are Python's too).</summary>
    private static string Q(string text) => JsonSerializer.Serialize(text, Json);

    /// <summary>A fresh name, so that snippets joined into one script do not redefine each other's functions.</summary>
    private static string Name(string stem) => $"{stem}_{Interlocked.Increment(ref _names)}";

    private static string Bool(bool value) => value ? "True" : "False";

    protected override string PrintOnLoad(string text) => $"print({Q(text)})";

    protected override string WithMetadata(string body, string name, string version, string author, string description) =>
        $"__name__ = {Q(name)}\n__version__ = {Q(version)}\n__author__ = {Q(author)}\n__description__ = {Q(description)}\n{body}";

    protected override string PrintMessageFields()
    {
        var f = Name("fields");
        return $"""
            import irc
            def {f}(e):
                print("message server=%s nick=%s user=%s host=%s channel=%s text=%s account=%s msgid=%s time=%.2f" % (
                    e.server, e.nick, e.user, e.host, e.channel, e.text, e.tags["account"], e.tags["msgid"], e.time))
            irc.on("message", {f})
            """;
    }

    protected override string OnJoinPrint(string text, int priority = 0, bool eat = false) =>
        $"import irc\nirc.on(\"join\", lambda e: print({Q(text)} + \" \" + e.nick) or {(eat ? "True" : "None")}, {priority})";

    protected override string OnEventPrint(string eventName, string text) => $"import irc\nirc.on({Q(eventName)}, lambda e: print({Q(text)}))";

    protected override string OnJoinFail(string message) => Handler("join", $"raise RuntimeError({Q(message)})");

    protected override string OnJoinEndlessLoop() => Handler("join", "while True:\n        pass");

    private static string Handler(string eventName, string body)
    {
        var f = Name("on_" + eventName);
        return $"import irc\ndef {f}(e):\n    {body}\nirc.on({Q(eventName)}, {f})";
    }

    private static string Command(string command, string help, string body)
    {
        var f = Name("command");
        return $"import irc\ndef {f}(args):\n    {body}\nirc.add_command({Q(command)}, {f}, {Q(help)})";
    }

    protected override string AddCommandPrintingArguments(string command, string help) =>
        Command(command, help, $"print({Q(command + ": ")} + \"|\".join(args))");

    protected override string AddCommandSendingPrivmsg(string command, string target, string text, string server) =>
        Command(command, "Sends a message.", $"irc.privmsg({Q(target)}, {Q(text)}, {Q(server)})\n    print(\"sent\")");

    protected override string AddCommandConnecting(string command, string host, int port, string nick) =>
        Command(command, "Connects.", $"irc.connect({Q(host)}, {port}, {Q(nick)})\n    print(\"connecting\")");

    protected override string AddCommandAnswering(string command, string text) => Command(command, "Answers.", $"return {Q(text)}");

    protected override string LoadHookPrinting(string text) => $"def on_load():\n    print({Q(text)})";

    protected override string AddCommandFailing(string command, string message) => Command(command, "Fails.", $"raise RuntimeError({Q(message)})");

    protected override string AddCommandEndlessLoop(string command) => Command(command, "Never ends.", "while True:\n        pass");

    protected override string AddCommandChangingNick(string command, string nick, string server) =>
        Command(command, "Changes nick.", $"irc.nick({Q(nick)}, {Q(server)})\n    print(\"nick sent\")");

    protected override string AddCommandRemovingCommands(string command) => Command(command, "Removes a command.", """
        try:
                print("removed " + str(irc.remove_command(args[0])).lower())
            except Exception as e:
                print("refused: " + str(e))
        """);

    protected override string TimerPrinting(int milliseconds, bool repeat, string text) =>
        $"import irc\nirc.timer({milliseconds}, lambda: print({Q(text)}), {Bool(repeat)})";

    protected override string TimerWithCancelCommand(int milliseconds, bool repeat, string text, string command)
    {
        var handle = Name("handle");
        return $"import irc\n{handle} = irc.timer({milliseconds}, lambda: print({Q(text)}), {Bool(repeat)})\n" + Command(command, "Cancels the timer.",
            $"print(\"cancel %s %s %s\" % (str(irc.cancel_timer({handle})).lower(), str(irc.cancel_timer({handle})).lower(), str(irc.cancel_timer(987654)).lower()))");
    }

    protected override string PrintMaskMatches(params (string Mask, string Hostmask)[] pairs) => "import irc\n" + string.Join("\n", pairs.Select(p =>
        $"print(\"mask_match \" + {Q(p.Mask)} + \" \" + {Q(p.Hostmask)} + \" \" + str(irc.mask_match({Q(p.Mask)}, {Q(p.Hostmask)})).lower())"));

    protected override string PrintBuffersAndCurrent() =>
        "import irc\nprint(\"buffers: \" + \",\".join(irc.buffers()))\nprint(\"current: \" + str(irc.current_buffer()))";

    protected override string PrintTargetAndChannel(string eventName) =>
        $"import irc\nirc.on({Q(eventName)}, lambda e: print({Q(eventName)} + \" target=\" + (e.target or \"nil\") + \" channel=\" + (e.channel or \"nil\")))";

    protected override string UnloadHookPrintingAndSaving(string text) =>
        $"import irc\ndef on_unload():\n    print({Q(text)})\n    irc.storage.set(\"unloaded\", {Q(text)})";

    protected override string UnloadHookFailing(string message) => $"def on_unload():\n    raise RuntimeError({Q(message)})";

    protected override string UnloadHookEndlessLoop() => "def on_unload():\n    while True:\n        pass";

    protected override string PrintStored(string key)
    {
        var value = Name("stored");
        return $"import irc\n{value} = irc.storage.get({Q(key)})\nprint(\"stored=\" + str(\"none\" if {value} is None else {value}))";
    }

    protected override string CountInConfigAndStorage(string key)
    {
        var (c, s) = (Name("c"), Name("s"));
        return $"""
            import irc
            {c}, {s} = irc.config.get({Q(key)}), irc.storage.get({Q(key)})
            print("config=" + str("none" if {c} is None else {c}) + " storage=" + str("none" if {s} is None else {s}))
            irc.config.set({Q(key)}, ({c} or 0) + 1)
            irc.storage.set({Q(key)}, ({s} or 0) + 10)
            """;
    }

    protected override string StoreTables(string key)
    {
        var (mixed, name, value) = (Name("mixed"), Name("name"), Name("value"));
        return $$"""
            import irc
            irc.storage.set({{Q(key)}}, {"nick": "ada", "channels": ["#a", "#ü"], "seen": 1700000000, "away": False})
            {{mixed}} = irc.Arguments([1, 2])
            {{mixed}}.name = "x"
            for {{name}}, {{value}} in {"mixed": {{mixed}}, "fn": print, "nan": float("nan")}.items():
                try:
                    irc.storage.set({{name}}, {{value}})
                except Exception as e:
                    print("refused: " + str(e))
            """;
    }

    protected override string PrintStoredTable(string key)
    {
        var t = Name("t");
        return $"""
            import irc
            {t} = irc.storage.get({Q(key)})
            if {t} is None:
                print("table: none")
            else:
                print("table: %s %s %d %s" % ({t}["nick"], ",".join({t}["channels"]), {t}["seen"], str({t}["away"]).lower()))
            """;
    }

    protected override string BusyRepeatingTimer(int everyMs, int busyMs)
    {
        var f = Name("busy");
        return $"""
            import irc, time
            def {f}():
                start = time.perf_counter()
                while time.perf_counter() - start < {Number(busyMs / 1000.0)}:
                    pass
            irc.timer({everyMs}, {f}, True)
            """;
    }

    protected override string EndlessLoop() => "while True:\n    pass";

    protected override string MemoryBomb()
    {
        var t = Name("t");
        return $"{t} = []\nwhile True:\n    {t}.append(\"x\" * 1000 + str(len({t})))";
    }

    protected override string EndlessRecursion()
    {
        var f = Name("dive");
        return $"def {f}(n):\n    return 1 + {f}(n + 1)\n{f}(1)";
    }

    protected override string EndlessLoopInsideErrorCatcher() => """
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass
        """;

    protected override string BusyLoopInsideCoroutine(double seconds, string doneText)
    {
        // The thread's own CPU time: waiting for the GIL while other clients' scripts run is not being busy.
        var f = Name("spin");
        return $"""
            import time
            def {f}():
                start = time.thread_time()
                while time.thread_time() - start < {Number(seconds)}:
                    pass
                yield
            for _ in {f}():
                pass
            print({Q(doneText)})
            """;
    }

    protected override string Product(int a, int b) => $"{a} * {b}";

    protected override string MaskMatchOfAList() => """irc.mask_match([1, 2], "ada!u@h")""";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
