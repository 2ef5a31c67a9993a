using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// A Lua event is a userdata holding the packed event, whose fields the engine's native helper decodes as
/// they are read. It must still behave like the plain table docs/api-lua.md promises: every field there
/// when iterated or accessed raw, its own values when kept after the handler, changes by the script kept,
/// and nothing of the mechanism a script could take hold of.
/// </summary>
public sealed class LuaEventTableTests
{
    private static MessageEvent Message(string nick, string text, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        Network = "net",
        Nick = nick,
        User = "~" + nick,
        Host = nick + ".example.org",
        Target = "#lua",
        Text = text,
        Tags = tags ?? new Dictionary<string, string>(),
        Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
    };

    private static async Task<ScriptingClient> StartWithAsync(string name, string source)
    {
        var client = await ScriptingClient.StartAsync();
        var load = await client.LoadAsync(name, source);
        Assert.True(load.Replies.Any(r => r.Text == $"loaded {name}") && !load.Errors.Any(), $"The script {name} did not load:\n{load.Text}");
        return client;
    }

    private static async Task<IReadOnlyList<string>> PrintedByAsync(ScriptingClient client, string command)
    {
        var from = client.PrintedCount;
        var result = await client.RunAsync(command);
        Assert.True(result.Outcome == CommandOutcome.Ran && !result.Errors.Any(), $"{command} failed:\n{result.Text}");
        return client.PrintedSince(from);
    }

    [Fact]
    public async Task KeptTable_AfterLaterEvents_StillHoldsItsOwnEvent()
    {
        await using var client = await StartWithAsync("keeper", """
            local kept = {}
            irc.on("message", function(e) kept[#kept + 1] = e end)
            irc.add_command("kept", function()
              for i, e in ipairs(kept) do print(i .. " " .. e.nick .. " said " .. e.text .. " on " .. e.server .. " in " .. e.channel) end
            end, "Lists kept events.")
            """);

        await client.PublishAsync(Message("ada", "first"));
        await client.PublishAsync(Message("bob", "second"));
        await client.PublishAsync(Message("cyd", "third"));

        Assert.Equal(["1 ada said first on net in #lua", "2 bob said second on net in #lua", "3 cyd said third on net in #lua"],
            await PrintedByAsync(client, "/kept"));
    }

    [Fact]
    public async Task Pairs_OnAnUnreadTable_ListsEveryFieldAndNothingElse()
    {
        await using var client = await StartWithAsync("lister", """
            irc.on("message", function(e)
              local keys = {}
              for k, v in pairs(e) do keys[#keys + 1] = type(k) .. ":" .. k .. "=" .. (type(v) == "table" and "table" or tostring(v)) end
              table.sort(keys)
              print(table.concat(keys, " "))
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "hi"));

        var line = await client.WaitForLineAsync("string:", from);
        Assert.Equal("string:channel=#lua string:host=ada.example.org string:nick=ada string:own=false string:server=net " +
            "string:tags=table string:target=#lua string:text=hi string:time=1700000000.0 string:user=~ada", line.Text);
    }

    [Fact]
    public async Task ScriptChanges_ToReadAndUnreadFields_AreKeptAndNotOverwritten()
    {
        await using var client = await StartWithAsync("changer", """
            irc.on("message", function(e)
              e.text = e.text:upper()      -- read, then changed
              e.nick = "someone else"      -- changed before it was ever read
              e.mine = 42                  -- a field of the script's own
              local n = 0
              for _ in pairs(e) do n = n + 1 end
              print("changed " .. e.nick .. " " .. e.text .. " " .. e.mine .. " " .. n)
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "quiet"));

        Assert.Equal("changed someone else QUIET 42 11", (await client.WaitForLineAsync("changed", from)).Text);
    }

    [Fact]
    public async Task NestedValues_TagsMapAndChannelList_AreOrdinaryTables()
    {
        await using var client = await StartWithAsync("nested", """
            irc.on("message", function(e) print("tags " .. e.tags.msgid .. " " .. tostring(e.tags.missing) .. " " .. type(e.tags)) end)
            irc.on("quit", function(e) print("quit " .. #e.channels .. " " .. table.concat(e.channels, ",") .. " " .. e.text) end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "x", new Dictionary<string, string> { ["msgid"] = "abc", ["time"] = "2026-01-01T00:00:00Z" }));
        await client.PublishAsync(new QuitEvent { Network = "net", Nick = "bob", Reason = "bye", Channels = ["#a", "#b", "#ü"] });

        Assert.Equal("tags abc nil table", (await client.WaitForLineAsync("tags", from)).Text);
        Assert.Equal("quit 3 #a,#b,#ü bye", (await client.WaitForLineAsync("quit", from)).Text);
    }

    [Fact]
    public async Task Metatable_CannotBeReadOrReplaced()
    {
        await using var client = await StartWithAsync("meddler", """
            irc.on("message", function(e)
              local ok, err = pcall(setmetatable, e, {})
              print("meta " .. tostring(getmetatable(e)) .. " " .. tostring(ok) .. " " .. tostring(err):match("protected metatable") )
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "x"));

        Assert.Equal("meta event false protected metatable", (await client.WaitForLineAsync("meta", from)).Text);
    }

    [Fact]
    public async Task RawAccess_SeesEveryFieldAndNothingHidden()
    {
        // An event is a userdata standing for a table: type, rawget, rawset, rawlen and next treat it as
        // that table, with every field in it whether read or not, and no key of the mechanism.
        await using var client = await StartWithAsync("raw", """
            irc.on("message", function(e)
              local before = rawget(e, "text")
              local keys = {}
              for k, v in next, e do keys[#keys + 1] = type(k) .. ":" .. k end
              table.sort(keys)
              local same = rawset(e, "mine", 7) == e
              print("raw " .. type(e) .. " " .. tostring(before) .. " " .. rawlen(e) .. " " .. tostring(same) .. " " .. e.mine
                .. " " .. tostring(tostring(e):match("^table: ") ~= nil) .. " " .. table.concat(keys, ","))
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "hello"));

        Assert.Equal("raw table hello 0 true 7 true string:channel,string:host,string:nick,string:own,string:server," +
            "string:tags,string:target,string:text,string:time,string:user", (await client.WaitForLineAsync("raw ", from)).Text);
    }

    [Fact]
    public async Task Strings_NonAsciiSurrogatePairsAndLoneSurrogates_ReachLuaAsUtf8()
    {
        // Fields travel as UTF-16 when they are not ASCII and are made UTF-8 in the helper: what .NET's own
        // encoder would make, a lone surrogate becoming U+FFFD; long ones take another path than short ones.
        await using var client = await StartWithAsync("utf8", """
            irc.on("message", function(e)
              local long = ("\u{E9}"):rep(1000) .. "\u{1F389}"
              print("utf8 " .. tostring(e.nick == "Zo\u{EB}") .. " " .. tostring(e.text == "h\u{E9}llo \u{1F389} \u{FFFD}x" or e.text == long)
                .. " " .. #e.text .. " " .. tostring(e.host == ("h"):rep(3000)))
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(new MessageEvent { Network = "net", Nick = "Zoë", User = "~z", Host = new string('h', 3000), Target = "#lua", Text = "héllo 🎉 \uD800x" });
        await client.PublishAsync(new MessageEvent { Network = "net", Nick = "Zoë", User = "~z", Host = new string('h', 3000), Target = "#lua", Text = new string('é', 1000) + "🎉" });

        Assert.Equal("utf8 true true 16 true", (await client.WaitForLineAsync("utf8 ", from)).Text);
        Assert.Equal("utf8 true true 2004 true", (await client.WaitForLineAsync("utf8 true true 2004", from)).Text);
    }

    [Fact]
    public async Task EventInternals_AreOutOfReach()
    {
        // Escape attempts on the event userdata: its metatable, its methods, raw access to them, operations
        // a table does not have. Each must fail or show nothing of the mechanism.
        await using var client = await StartWithAsync("prober", """
            irc.on("message", function(e)
              local results = {}
              local function try(name, f) local ok, value = pcall(f) results[#results + 1] = name .. "=" .. tostring(ok and type(value) or "refused") end
              try("meta", function() return getmetatable(e) end)
              try("index", function() return getmetatable(e).__index end)
              try("setmeta", function() return setmetatable(e, nil) end)
              try("rawsetmeta", function() return rawset(getmetatable(e), "__index", print) end)
              try("nextmeta", function() return next(getmetatable(e)) end)
              try("concat", function() return e .. "" end)
              try("call", function() return e() end)
              try("numkey", function() return e[1] end)
              try("pairskeys", function() local n = 0 for k in pairs(e) do if type(k) ~= "string" then n = n + 1 end end return n > 0 or nil end)
              print("probe " .. table.concat(results, " "))
            end)
            """);
        var from = client.PrintedCount;

        await client.PublishAsync(Message("ada", "x"));

        Assert.Equal("probe meta=string index=nil setmeta=refused rawsetmeta=refused nextmeta=refused concat=refused call=refused numkey=nil pairskeys=nil",
            (await client.WaitForLineAsync("probe ", from)).Text);
    }

    [Fact]
    public async Task EventTable_HandedBackToTheHost_IsConvertedWhole()
    {
        // The handler returns its event table: the host converts it (a table that is not `true` does not eat
        // the event) and must see every field, read or not; after that it is an ordinary table.
        await using var client = await StartWithAsync("returner", """
            local kept
            irc.on("message", function(e) kept = e return e end)
            irc.add_command("rawtext", function() print("rawtext " .. tostring(rawget(kept, "text")) .. " " .. tostring(rawget(kept, "host"))) end, "Shows raw fields.")
            """);

        var result = await client.PublishAsync(Message("ada", "whole"));

        Assert.Equal(EventResult.Continue, result);
        Assert.Equal(["rawtext whole ada.example.org"], await PrintedByAsync(client, "/rawtext"));
    }

    [Fact]
    public async Task ManyEvents_KeptInATable_StayWithinTheMemoryLimitOrStopTheScriptCleanly()
    {
        // Every event table kept forever: the script must hit its memory limit (8 MB in these tests) and
        // be stopped with that reason, not take the client with it.
        await using var client = await StartWithAsync("hoarder", """
            local all = {}
            irc.on("message", function(e) all[#all + 1] = e; local _ = e.text .. e.nick end)
            """);
        var text = new string('x', 400);

        for (var i = 0; i < 40_000; i++)
        {
            await client.PublishAsync(Message("ada", text));
            if (i % 1000 == 0 && (await client.RunAsync("/lua list")).Text.Contains("Faulted", StringComparison.OrdinalIgnoreCase)) break;
        }

        var list = await client.RunAsync("/lua list");
        Assert.Contains("memory limit", list.Text + string.Join("\n", client.PrintedSince(0)), StringComparison.Ordinal);
        var eval = await client.RunAsync("/lua eval print('still: here')");
        Assert.Contains(eval.Replies, r => r.Text == "still: here");
    }
}
