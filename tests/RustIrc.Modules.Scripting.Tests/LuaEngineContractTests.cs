using RustIrc.Modules.Scripting.Tests.Infrastructure;
using static RustIrc.Modules.Scripting.Tests.Infrastructure.LuaSource;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>The engine contract for Lua: the snippets in Lua, the cases as written in <see cref="ScriptEngineContract"/>.</summary>
public sealed class LuaEngineContractTests : ScriptEngineContract
{
    protected override string Language => "lua";

    protected override string FileExtension => ".lua";

    protected override string FunctionTypeName => "a function";

    protected override (string Text, string List) TextAndListTypeNames => ("a string", "a table");

    protected override string PrintOnLoad(string text) => $"print({Quote(text)})";

    protected override string WithMetadata(string body, string name, string version, string author, string description) =>
        $"{body}\nreturn {{ name = {Quote(name)}, version = {Quote(version)}, author = {Quote(author)}, description = {Quote(description)} }}";

    protected override string PrintMessageFields() => """
        irc.on("message", function(e)
          print(string.format("message server=%s nick=%s user=%s host=%s channel=%s text=%s account=%s msgid=%s time=%.2f",
            e.server, e.nick, e.user, e.host, e.channel, e.text, e.tags.account, e.tags.msgid, e.time))
        end)
        """;

    protected override string OnJoinPrint(string text, int priority = 0, bool eat = false) =>
        $"irc.on(\"join\", function(e) print({Quote(text)} .. \" \" .. e.nick) return {(eat ? "true" : "nil")} end, {priority})";

    protected override string OnEventPrint(string eventName, string text) =>
        $"irc.on({Quote(eventName)}, function(e) print({Quote(text)}) end)";

    protected override string OnJoinFail(string message) => $"irc.on(\"join\", function(e) error({Quote(message)}) end)";

    protected override string OnJoinEndlessLoop() => "irc.on(\"join\", function(e) while true do end end)";

    protected override string AddCommandPrintingArguments(string command, string help) =>
        $"irc.add_command({Quote(command)}, function(args) print({Quote(command + ": ")} .. table.concat(args, \"|\")) end, {Quote(help)})";

    protected override string AddCommandSendingPrivmsg(string command, string target, string text, string server) =>
        $"irc.add_command({Quote(command)}, function() irc.privmsg({Quote(target)}, {Quote(text)}, {Quote(server)}) print(\"sent\") end, \"Sends a message.\")";

    protected override string AddCommandConnecting(string command, string host, int port, string nick) =>
        $"irc.add_command({Quote(command)}, function() irc.connect({Quote(host)}, {port}, {Quote(nick)}) print(\"connecting\") end, \"Connects.\")";

    protected override string AddCommandAnswering(string command, string text) =>
        $"irc.add_command({Quote(command)}, function() return {Quote(text)} end, \"Answers.\")";

    protected override string LoadHookPrinting(string text) => $"function on_load() print({Quote(text)}) end";

    protected override string AddCommandFailing(string command, string message) =>
        $"irc.add_command({Quote(command)}, function() error({Quote(message)}) end, \"Fails.\")";

    protected override string AddCommandEndlessLoop(string command) =>
        $"irc.add_command({Quote(command)}, function() while true do end end, \"Never ends.\")";

    protected override string AddCommandChangingNick(string command, string nick, string server) =>
        $"irc.add_command({Quote(command)}, function() irc.nick({Quote(nick)}, {Quote(server)}) print(\"nick sent\") end, \"Changes nick.\")";

    protected override string AddCommandRemovingCommands(string command) => $$"""
        irc.add_command({{Quote(command)}}, function(args)
          local ok, result = pcall(irc.remove_command, args[1])
          if ok then print("removed " .. tostring(result)) else print("refused: " .. tostring(result)) end
        end, "Removes a command.")
        """;

    protected override string TimerWithCancelCommand(int milliseconds, bool repeat, string text, string command) => $$"""
        local handle = irc.timer({{milliseconds}}, function() print({{Quote(text)}}) end, {{(repeat ? "true" : "false")}})
        irc.add_command({{Quote(command)}}, function()
          print("cancel " .. tostring(irc.cancel_timer(handle)) .. " " .. tostring(irc.cancel_timer(handle)) .. " " .. tostring(irc.cancel_timer(987654)))
        end, "Cancels the timer.")
        """;

    protected override string PrintMaskMatches(params (string Mask, string Hostmask)[] pairs) => string.Join("\n", pairs.Select(p =>
        $"print(\"mask_match \" .. {Quote(p.Mask)} .. \" \" .. {Quote(p.Hostmask)} .. \" \" .. tostring(irc.mask_match({Quote(p.Mask)}, {Quote(p.Hostmask)})))"));

    protected override string PrintBuffersAndCurrent() =>
        "print(\"buffers: \" .. table.concat(irc.buffers(), \",\"))\nprint(\"current: \" .. tostring(irc.current_buffer()))";

    protected override string PrintTargetAndChannel(string eventName) =>
        $"irc.on({Quote(eventName)}, function(e) print({Quote(eventName)} .. \" target=\" .. tostring(e.target) .. \" channel=\" .. tostring(e.channel)) end)";

    protected override string UnloadHookPrintingAndSaving(string text) =>
        $"function on_unload() print({Quote(text)}) irc.storage.set(\"unloaded\", {Quote(text)}) end";

    protected override string UnloadHookFailing(string message) => $"function on_unload() error({Quote(message)}) end";

    protected override string UnloadHookEndlessLoop() => "function on_unload() while true do end end";

    protected override string PrintStored(string key) => $"print(\"stored=\" .. tostring(irc.storage.get({Quote(key)}) or \"none\"))";

    protected override string TimerPrinting(int milliseconds, bool repeat, string text) =>
        $"irc.timer({milliseconds}, function() print({Quote(text)}) end, {(repeat ? "true" : "false")})";

    protected override string CountInConfigAndStorage(string key) => $"""
        local c, s = irc.config.get({Quote(key)}), irc.storage.get({Quote(key)})
        print("config=" .. tostring(c or "none") .. " storage=" .. tostring(s or "none"))
        irc.config.set({Quote(key)}, (c or 0) + 1)
        irc.storage.set({Quote(key)}, (s or 0) + 10)
        """;

    protected override string StoreTables(string key) => $$"""
        irc.storage.set({{Quote(key)}}, { nick = "ada", channels = { "#a", "#ü" }, seen = 1700000000, away = false })
        for name, value in pairs({ mixed = { 1, 2, name = "x" }, fn = { print }, nan = 0 / 0 }) do
          local ok, err = pcall(irc.storage.set, name, name == "fn" and print or value)
          if not ok then print("refused: " .. err) end
        end
        """;

    protected override string PrintStoredTable(string key) => $"""
        local t = irc.storage.get({Quote(key)})
        if t == nil then print("table: none") else
          print("table: " .. t.nick .. " " .. table.concat(t.channels, ",") .. " " .. string.format("%d", t.seen) .. " " .. tostring(t.away))
        end
        """;

    protected override string BusyRepeatingTimer(int everyMs, int busyMs) =>
        $"irc.timer({everyMs}, function() local start = os.clock() while os.clock() - start < {busyMs / 1000.0:0.###} do end end, true)";

    protected override string EndlessLoop() => "while true do end";

    protected override string MemoryBomb() => "local t = {} while true do t[#t + 1] = string.rep(\"x\", 1000) .. #t end";

    protected override string EndlessRecursion() => "local function dive(n) return 1 + dive(n + 1) end\ndive(1)";

    protected override string EndlessLoopInsideErrorCatcher() => "while true do pcall(function() while true do end end) end";

    protected override string BusyLoopInsideCoroutine(double seconds, string doneText) => $"""
        local co = coroutine.create(function()
          local start = os.clock()
          while os.clock() - start < {Number(seconds)} do end
        end)
        coroutine.resume(co)
        print({Quote(doneText)})
        """;

    protected override string Product(int a, int b) => $"return {a} * {b}";

    protected override string MaskMatchOfAList() => """return irc.mask_match({1, 2}, "ada!u@h")""";
}
