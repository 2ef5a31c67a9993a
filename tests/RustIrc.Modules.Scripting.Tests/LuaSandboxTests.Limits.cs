using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

// Attempts to keep the client busy past the limits, or to make the host misbehave.
//
// Code that would run forever if a limit failed is written to end by itself after a few seconds of CPU
// (and then print ESCAPED): a broken limit fails the test with a clear message instead of hanging the
// client loop for the rest of the run. Work done inside C (string.rep, pattern matching, finalizers,
// converting values) is measured by the time the client was busy.
public sealed partial class LuaSandboxTests
{
    private static readonly string[] CpuLimits = ["instruction limit", "time limit"];

    /// <summary>How long the client may be busy with one call: the time limit plus slack for a loaded machine.</summary>
    private static readonly TimeSpan BusyAtMost = TimeSpan.FromMilliseconds(SandboxLuaClient.TimePerCallMs + 600);

    /// <summary>Asserts the attempt was stopped by the instruction or time limit, and no later than the limit allows.</summary>
    private static void AssertStoppedByCpuLimit(ScriptAttempt attempt)
    {
        Assert.False(attempt.Escaped, $"The script ran past the CPU limits:\n{attempt.Transcript}");
        Assert.True(attempt.StopReason is not null && CpuLimits.Any(l => attempt.StopReason.Contains(l, StringComparison.Ordinal)),
            $"The script should have been stopped naming the instruction or time limit, but:\n{attempt.Transcript}");
        AssertNotBusyPastTheLimit(attempt, "The script");
    }

    private static void AssertNotBusyPastTheLimit(ScriptAttempt attempt, string what)
    {
        Assert.True(attempt.Elapsed < BusyAtMost,
            $"{what} kept the client loop busy for {attempt.Elapsed.TotalSeconds:0.0} s, past the {SandboxLuaClient.TimePerCallMs} ms limit per call:\n{attempt.Transcript}");
    }

    /// <summary>Rows for <see cref="Escape_Technique_IsRefusedWithAClearError"/>: each must be stopped naming the limit or the refusal.</summary>
    public static TheoryData<string, string, string> Exhaustions { get; } = new()
    {
        { "goto_backwards_forever", "::again:: goto again", "instruction limit" },
        // The memory error is an ordinary Lua error that pcall catches; the script must be stopped anyway
        // (at its next hook), before it can go on to print, whether it retries or gives up.
        {
            "memory_error_caught_by_pcall",
            "local ok, err = pcall(function() local t = {} while true do t[#t + 1] = (\"x\"):rep(1000) .. #t end end) " +
            "local n = 0 for i = 1, 5000 do n = n + i end print(\"ESCAPED: caught \" .. tostring(err))",
            $"memory limit of {ScriptingClient.MemoryMb} MB"
        },
        {
            "memory_error_caught_in_a_loop",
            "for i = 1, 100 do pcall(function() local t = {} while true do t[#t + 1] = {} end end) end print(\"ESCAPED: survived 100 memory errors\")",
            $"memory limit of {ScriptingClient.MemoryMb} MB"
        },
        { "tail_calls_forever", "local function f(n) return f(n + 1) end\nreturn f(1)", "instruction limit" },
        { "recursion_through_c", "local function f(s) return (s:gsub(\".\", f)) end\nf(\"ab\")", "stack overflow" },
        { "collector_stop", "collectgarbage(\"stop\") local t = {} for i = 1, 1e6 do t[i] = {} end print(\"ESCAPED: collector stopped\")", "collectgarbage('stop') is not allowed" },
        { "collector_generational", "collectgarbage(\"generational\", 100, 100) print(\"ESCAPED: mode changed\")", "collectgarbage('generational') is not allowed" },
        { "collector_incremental_tuning", "collectgarbage(\"incremental\", 1000, 0) print(\"ESCAPED: collector tuned\")", "collectgarbage('incremental') is not allowed" },
        { "string_rep_huge", "local s = string.rep(\"abc\", 1e7, \",\") print(\"ESCAPED: \" .. #s)", "string.rep: the result would be over 16 MB" },
        { "string_rep_too_large_for_lua", "local s = string.rep(\"abc\", 1e9, \",\") print(\"ESCAPED: \" .. #s)", "resulting string too large" },
        {
            "table_concat_huge",
            "local line = string.rep(\"x\", 100) local t = {} for i = 1, 100000 do t[i] = line end local s = table.concat(t) print(\"ESCAPED: \" .. #s)",
            $"memory limit of {ScriptingClient.MemoryMb} MB"
        },
        { "string_format_huge_width", "local s = string.format(\"%099999999d\", 1) print(\"ESCAPED: \" .. #s)", "invalid conversion" },
        { "pattern_on_long_subject", "local s = string.rep(\"a\", 70000) print(\"ESCAPED: \" .. tostring(s:find(\".-.-.-b\")))", "70000-byte subject" },
        // Unchecked, each of these keeps the client busy for many seconds (measured with liblua54 itself):
        // star and plus repetitions of one letter (14 s), a run of lazy repetitions on a subject too short
        // to have been checked before (2 s for 14 of them, far longer for 20), many optional letters (40 s),
        // and repetitions that stop before a letter they cannot match but follow others that can end anywhere.
        { "pattern_star_repetitions", "local s = (\"a\"):rep(40) .. \"b\" print(\"ESCAPED: \" .. tostring(s:find(\"a*a*a*a*a*a*a*a*c\")))", "pattern too complex (9 backtracking repetitions) for a 41-byte subject" },
        { "pattern_plus_repetitions", "local s = (\"a\"):rep(40) .. \"b\" print(\"ESCAPED: \" .. tostring(s:find(\"a+a+a+a+a+a+a+a+c\")))", "pattern too complex (9 backtracking repetitions) for a 41-byte subject" },
        { "pattern_on_short_subject", "local s = (\"a\"):rep(16) print(\"ESCAPED: \" .. tostring(s:find((\".-\"):rep(20) .. \"b\")))", "16-byte subject" },
        { "pattern_optional_items", "local s = (\"a\"):rep(30) print(\"ESCAPED: \" .. tostring(s:find((\"a?\"):rep(30) .. (\"a\"):rep(30) .. \"b\")))", "30 optional items" },
        { "pattern_apart_after_repetitions", "local s = (\"a\"):rep(300) print(\"ESCAPED: \" .. tostring(s:gmatch(\"[^b]-[^b]-[^b]-b\")()))", "4 backtracking repetitions" },
        // One repetition, but an unanchored match scans the whole run again from every start: 30,000
        // letters take seconds (n squared), whether a letter or the end of the subject stops the run.
        { "pattern_one_scan_unanchored", "local s = (\"a\"):rep(30000) print(\"ESCAPED: \" .. tostring(s:find(\"a*b\")))", "pattern too complex (2 backtracking repetitions) for a 30000-byte subject" },
        { "pattern_one_scan_before_end", "local s = (\" \"):rep(30000) .. \"x\" print(\"ESCAPED: \" .. tostring(s:find(\"%s+$\")))", "for a 30001-byte subject" },
        // %b finds its end in one place, but reads on to the end of the subject when nothing balances, from
        // every start of an unanchored match: 200,000 open brackets take about 10 s, 2 million a quarter of an hour.
        { "pattern_balance_unanchored", "local s = (\"(\"):rep(200000) print(\"ESCAPED: \" .. tostring(s:find(\"%b()\")))", "pattern too complex (2 backtracking repetitions) for a 200000-byte subject" },
        { "pattern_balance_in_gmatch", "local s = (\"[\"):rep(200000) print(\"ESCAPED: \" .. tostring(s:gmatch(\"%b[]\")()))", "for a 200000-byte subject" },
    };

    [Fact]
    public async Task CoroutineWrap_BusyLoopInside_StoppedByTheLimit()
    {
        var attempt = await AttemptAsync("""
            local spin = coroutine.wrap(function() local t = os.clock() while os.clock() - t < 2 do end end)
            spin()
            print("ESCAPED: a coroutine ran 2 s of CPU")
            """);

        AssertStoppedByCpuLimit(attempt);
    }

    [Fact]
    public async Task Pcall_NestedTenDeepAroundAnEndlessLoop_StillStopped()
    {
        var attempt = await AttemptAsync("""
            local function nest(n) if n == 0 then while true do end end pcall(nest, n - 1) end
            while true do nest(10) end
            """);

        AssertStoppedByCpuLimit(attempt);
    }

    [Fact]
    public async Task Xpcall_MessageHandlerThatLoopsForever_StillStopped()
    {
        // The handler is called where the limit's error is raised, inside the count hook. It spins 2 s of CPU
        // instead of forever: with a real endless loop there, the client loop never comes back.
        var attempt = await AttemptAsync("""
            while true do
              xpcall(function() while true do end end, function() local t = os.clock() while os.clock() - t < 2 do end end)
            end
            """);

        AssertStoppedByCpuLimit(attempt);
    }

    [Fact]
    public async Task Load_ReaderThatLoopsForeverCalledInALoop_StillStopped()
    {
        // load() catches errors raised in its reader like pcall does, but is not re-checked on return.
        var attempt = await AttemptAsync("""
            local t = os.clock()
            while os.clock() - t < 2 do load(function() while true do end end) end
            print("ESCAPED: looped 2 s of CPU through load's reader")
            """);

        AssertStoppedByCpuLimit(attempt);
    }

    [Fact]
    public async Task DisplayModifier_ReenteringTheScriptFromItsOwnPrint_DoesNotRefillItsBudget()
    {
        var attempt = await AttemptAsync("""
            irc.on("display", function(text) return nil end)
            local t = os.clock()
            while os.clock() - t < 2 do irc.print("x") end
            print("ESCAPED: looped 2 s of CPU while printing")
            """);

        AssertStoppedByCpuLimit(attempt);
    }

    [Fact]
    public async Task StringRep_EmptyStringHugeCount_DoesNotBusyTheClient()
    {
        // The result is empty, so a guard on the result's size lets it through, but C still loops once per
        // repetition (with math.maxinteger, for centuries). Returning "" at once is as good as refusing.
        var attempt = await AttemptAsync("local s = string.rep(\"\", 1e9) print(\"finished: \" .. #s)");

        AssertNotBusyPastTheLimit(attempt, "string.rep(\"\", 1e9)");
    }

    [Theory]
    [InlineData("backtracking_any", ".-.-.-b")]
    [InlineData("backtracking_literal", "a-a-a-b")]
    [InlineData("backtracking_class", "%a-%a-%a-b")]
    [InlineData("backtracking_set", "[^b]-[^b]-[^b]-b")]
    public async Task Pattern_CatastrophicBacktrackingOnAShortSubject_DoesNotBusyTheClient(string script, string pattern)
    {
        // Three lazy repetitions that can each match any run of the subject: the matcher tries every way of
        // cutting 300 characters in three, all inside C. 1000 characters take minutes.
        var attempt = await shared.AttemptAsync(script,
            $"local s = string.rep(\"a\", 300) print(\"finished: \" .. tostring(s:find({LuaSource.Quote(pattern)})))");

        AssertNotBusyPastTheLimit(attempt, $"string.find(string.rep(\"a\", 300), \"{pattern}\")");
    }

    [Fact]
    public async Task ErrorObject_WithATostringThatLoopsForever_IsReportedWithoutHanging()
    {
        var attempt = await AttemptAsync("error(setmetatable({}, { __tostring = function() while true do end end }))");

        AssertNotBusyPastTheLimit(attempt, "Reporting an error object");
        // What the user should learn: the script raised a table, not a message (as lua.c says "(error object is a table value)").
        attempt.AssertRefused("table");
    }

    [Fact]
    public async Task Finalizer_LoopingWhenTheCollectorRuns_IsStoppedOrRefused()
    {
        // Lua runs finalizers with debug hooks off. Refusing __gc altogether is as good as stopping it.
        var attempt = await AttemptAsync("""
            setmetatable({}, { __gc = function() local t = os.clock() while os.clock() - t < 2 do end end })
            collectgarbage()
            print("ESCAPED: a finalizer ran 2 s of CPU")
            """);

        Assert.False(attempt.Escaped, $"The finalizer ran to its end:\n{attempt.Transcript}");
        Assert.True(attempt.StopReason is not null, $"The script should have been stopped or refused:\n{attempt.Transcript}");
        AssertNotBusyPastTheLimit(attempt, "A looping finalizer");
    }

    [Fact]
    public async Task Finalizer_LoopingWhenTheScriptIsUnloaded_DoesNotBusyTheClient()
    {
        // The finalizer (if the sandbox lets it be set at all) runs when the script's state is closed.
        var attempt = await AttemptAsync("""
            setmetatable({}, { __gc = function() local t = os.clock() while os.clock() - t < 4 do end end })
            """);
        var client = await shared.ClientAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await client.RunAsync($"/lua unload {attempt.Name}");

        clock.Stop();
        Assert.True(clock.Elapsed < BusyAtMost, $"Unloading a script whose finalizer loops kept the client busy for {clock.Elapsed.TotalSeconds:0.0} s.");
        await SharedLuaClient.AssertAliveAsync(client);
    }

    [Fact]
    public async Task ApiArgument_TableOfSharedSubtables_DoesNotBusyTheClient()
    {
        // Nineteen small tables, each holding the previous one twice: a million paths for the host to convert
        // (and with 31 tables, two billion: the client freezes until it runs out of memory).
        var attempt = await AttemptAsync("""
            local t = {}
            for i = 1, 19 do t = { a = t, b = t } end
            irc.log(t)
            print("ESCAPED: the host converted a million tables")
            """);

        AssertNotBusyPastTheLimit(attempt, "Converting a table of shared subtables for irc.log");
    }

    [Fact]
    public async Task HostResult_TooBigForTheMemoryLeft_FailsInLuaWithoutCrashingTheClient()
    {
        // A 3 MB value kept by the host, memory filled up to the limit, then the host asked for the value.
        // Host code is never refused memory (a Lua error there would unwind through .NET frames and take
        // the process down), so the failure happens in Lua, where it is safe. Run in a child process: a
        // regression would take the process down.
        // Memory is filled to 1.5 MB short of the limit, not up to it: a memory error would stop the script
        // at its next hook, maybe before it could print what storage.get gave.
        var outcome = await IsolatedLuaRun.RunAsync("pushfail", $$"""
            irc.storage.set("big", string.rep("x", 3000000))
            collectgarbage()
            local fill = {}
            repeat
              for _ = 1, 50 do fill[#fill + 1] = string.rep("y", 4000) .. #fill end
              collectgarbage()
            until collectgarbage("count") > {{ScriptingClient.MemoryMb}} * 1024 - 1500
            local ok, err = pcall(irc.storage.get, "big")
            print("storage.get: " .. tostring(ok) .. " " .. tostring(err))
            fill = nil
            collectgarbage()
            local t = {}
            for i = 1, 15 do t = { a = t, b = t } end
            irc.log(t)
            print("after the push")
            """, TimeSpan.FromSeconds(45));

        Assert.True(outcome.ExitCode == 0, $"Running the script, {outcome.Describe()}. It printed:\n{outcome.Output}");
        Assert.Contains("printed: storage.get: false not enough memory", outcome.Output); // failed in Lua, not in .NET
        Assert.Contains("lua 'pushfail' stopped: ", outcome.Output);
        Assert.Contains("alive after 42", outcome.Output);
    }

    [Fact]
    public async Task DisplayModifier_PrintingFromInsideItself_ScriptStoppedWithoutCrashingTheClient()
    {
        // Each print re-enters the script's own display modifier until Lua's C stack runs out; the errors
        // stop the script while one of its calls is still running. Run in a child process: closing the
        // state under that call would take the process down.
        var outcome = await IsolatedLuaRun.RunAsync("reentrant", """
            irc.on("display", function(text) irc.print("again: " .. text) return text end)
            irc.print("start")
            """, TimeSpan.FromSeconds(45));

        Assert.True(outcome.ExitCode == 0, $"Running the script, {outcome.Describe()}. It printed:\n{outcome.Output}");
        Assert.Contains("alive after 42", outcome.Output);
    }

    [Fact]
    public async Task Storage_IntegerValue_ComesBackAsAnInteger()
    {
        var attempt = await AttemptAsync("""
            irc.storage.set("n", 7)
            print("type " .. math.type(irc.storage.get("n")) .. " value " .. irc.storage.get("n"))
            """);

        Assert.Contains("type integer value 7", attempt.Transcript);
    }
}
