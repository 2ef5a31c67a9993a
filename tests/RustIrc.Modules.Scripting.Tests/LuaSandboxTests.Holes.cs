using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

// The holes of the sandbox found by review (memory corruption, a finalizer past the limits, a pattern the
// guard misjudged, loops in C that allocate nothing, a guard skipped by a numeric string), each tried as
// it was reported: the client survives, the script is stopped or gets a clear error, others go on.
public sealed partial class LuaSandboxTests
{
    [Fact]
    public async Task NestedTables_ThroughTheHostFromACoroutine_NeverOverrunTheLuaStack()
    {
        // A coroutine starts with ~45 stack slots and the conversion took two per level of nesting: at depth
        // 40 the client died of "double free or corruption". Arguments, host results and stored tables all
        // go through that conversion. Run in a child process: a regression would take the process down.
        var outcome = await IsolatedLuaRun.RunAsync("deep", """
            local function nest(n) local t = {} local c = t for i = 1, n do c.x = {} c = c.x end return t end
            for _, depth in ipairs({ 20, 31, 40, 200 }) do
              local co = coroutine.create(function()
                print("print " .. depth, pcall(irc.print, nest(depth)))
                print("store " .. depth, pcall(irc.storage.set, "deep", nest(depth)))
                local back = irc.storage.get("deep")
                local levels = 0
                while type(back) == "table" do levels = levels + 1 back = back.x end
                return levels
              end)
              print("depth " .. depth, coroutine.resume(co))
            end
            """, TimeSpan.FromSeconds(60));

        Assert.True(outcome.ExitCode == 0, $"Running the script, {outcome.Describe()}. It printed:\n{outcome.Output}");
        Assert.Contains("print 40\tfalse\tirc.print: argument 1 (text) must be a string, not a table", outcome.Output);
        Assert.Contains("depth 20\ttrue\t21", outcome.Output);
        Assert.Contains("depth 200\ttrue", outcome.Output);
        Assert.Contains("alive after 42", outcome.Output);
    }

    [Theory]
    [InlineData("rawget = function(t, k) if k == '__gc' then return nil end return real(t, k) end")]
    [InlineData("getmetatable = function() return nil end type = function() return 'number' end")]
    [InlineData("string = nil table = nil")]
    public async Task Finalizer_WithTheGlobalsTheCheckUsedReplaced_IsStillRefused(string replacement)
    {
        // The __gc check read rawget and getmetatable as globals when called: replacing them let a finalizer
        // that loops forever through, and it ran with no hook, hanging the client.
        var attempt = await AttemptAsync($$"""
            local real = rawget
            {{replacement}}
            setmetatable({}, { __gc = function() while true do end end })
            collectgarbage()
            print("ESCAPED: the finalizer was accepted")
            """);

        attempt.AssertRefused("__gc finalizers are not allowed in scripts");
    }

    [Fact]
    public async Task Finalizer_APlaceholderReplacedAfterwards_IsRefusedWhenTheMetatableIsSet()
    {
        // Lua marks a table for finalization when its metatable has a __gc field of any value at the time.
        var attempt = await AttemptAsync("""
            local mt = { __gc = false }
            setmetatable({}, mt)
            mt.__gc = function() while true do end end
            collectgarbage()
            print("ESCAPED: marked for finalization")
            """);

        attempt.AssertRefused("__gc finalizers are not allowed in scripts");
    }

    [Fact]
    public async Task Pattern_BareDotsAfterRepetitions_RefusedBeforeItRunsExponentially()
    {
        // "a*." repeated: each "." needs a character, so the rest fails where the subject runs out and every
        // "a*" is tried at every length (n = 26 took 1.2 s, doubling per byte).
        var attempt = await AttemptAsync("""
            local ok, problem = pcall(string.find, ("a"):rep(40), ("a*."):rep(42))
            print(ok, problem)
            error(problem, 0)
            """);

        attempt.AssertRefused("string.find: pattern too complex", "for a 40-byte subject");
        Assert.True(attempt.Elapsed < TimeSpan.FromSeconds(5), $"took {attempt.Elapsed}");
    }

    [Theory]
    [InlineData("move", "table.move({}, 1, 1 << 50, 2)")]
    [InlineData("movemost", "table.move({}, 1, math.maxinteger, 0)")]
    [InlineData("remove", "table.remove(setmetatable({}, { __len = function() return 1 << 50 end }), 1)")]
    [InlineData("insert", "table.insert(setmetatable({}, { __len = function() return 1 << 50 end }), 1, 'x')")]
    [InlineData("sort", "table.sort(setmetatable({}, { __len = function() return 1 << 30 end, __index = rawlen }))")]
    public async Task TableFunction_LoopingOverNilsInC_StoppedByTheInstructionLimit(string technique, string call)
    {
        // Shifting nils allocates nothing, so neither the memory limit nor the count hook stopped these: they
        // spun forever in C. Their loops are now charged to the instruction budget before they start.
        var attempt = await AttemptAsync($"""
            pcall(function() {call} end)
            print("ESCAPED: {technique} returned")
            """, technique);

        attempt.AssertRefused("instruction limit");
    }

    [Theory]
    [InlineData("string.rep('', '1e15')", "true\t0")]
    [InlineData("string.rep('', 1e15, '')", "true\t0")]
    [InlineData("string.rep('x', '1e15')", "false\tresulting string too large")]
    public async Task StringRep_CountGivenAsANumericString_CheckedAsLuaConvertsIt(string expression, string expected)
    {
        // The guard checked n only when type(n) was "number"; Lua converts "1e15", and C looped 10^15 times
        // to build an empty string.
        var attempt = await AttemptAsync($$"""
            local ok, value = pcall(function() return {{expression}} end)
            print(ok, ok and #value or (value:gsub("^.-:%d+: ", "")))
            """);

        Assert.Null(attempt.StopReason);
        Assert.Equal([expected], attempt.Printed);
    }
}
