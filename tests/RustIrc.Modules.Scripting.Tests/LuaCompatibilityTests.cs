using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// What the sandbox keeps must be the real Lua: each snippet runs in the sandbox and must give what Lua 5.4
/// itself gives (the expected lines are Lua's own output, taken from the same liblua54 run bare, with the
/// script's path shown as FILE). Every row was a difference once: a wrapper that checked in another order,
/// named itself, lost the caller's position, or skipped a case of Lua's.
/// </summary>
public sealed class LuaCompatibilityTests(SharedLuaClient shared) : IClassFixture<SharedLuaClient>
{
    // show(...): print, with the script's own path replaced by FILE, so expected lines need no path.
    private const string Show = """
        local function show(...)
          local t = table.pack(...)
          for i = 1, t.n do t[i] = type(t[i]) == "string" and t[i]:gsub("[^%s]*/[%w_]+%.lua:", "FILE:") or tostring(t[i]) end
          print(table.concat(t, "\t", 1, t.n))
        end
        """;

    public static TheoryData<string, string> Rows => new()
    {
        // string.rep: sizes checked without overflow, counts converted as Lua converts them, the separator
        // taken as Lua takes it, and arguments checked in Lua's order.
        { "show(pcall(string.rep, 'aa', math.maxinteger // 2 + 10))", "false\tresulting string too large" },
        { "show(pcall(string.rep, '', math.maxinteger // 2 + 10, 'aa'))", "false\tresulting string too large" },
        { "show(pcall(string.rep, 'abcd', (1 << 62) + 1))", "false\tresulting string too large" },
        { "show(pcall(string.rep, '', 1e300))", "false\tbad argument #2 to 'string.rep' (number has no integer representation)" },
        { "show(pcall(string.rep, '', math.huge))", "false\tbad argument #2 to 'string.rep' (number has no integer representation)" },
        { "show(string.rep('x', 3, 5))", "x5x5x" },
        { "show(pcall(string.rep, 'x', 2, true))", "false\tbad argument #3 to 'string.rep' (string expected, got boolean)" },
        { "show(pcall(function() return string.rep('x', 2, true) end))", "false\tFILE:6: bad argument #3 to 'rep' (string expected, got boolean)" },
        { "show(pcall(string.rep))", "false\tbad argument #1 to 'string.rep' (string expected, got no value)" },
        // setmetatable, pcall, xpcall: their own checks, names and positions.
        { "show(pcall(function() return setmetatable({}) end))", "false\tFILE:6: bad argument #2 to 'setmetatable' (nil or table expected, got no value)" },
        { "show(pcall(setmetatable, 1))", "false\tbad argument #1 to 'setmetatable' (table expected, got number)" },
        { "show(pcall(function() setmetatable(1) end))", "false\tFILE:6: bad argument #1 to 'setmetatable' (table expected, got number)" },
        { "show(pcall(pcall))", "false\tbad argument #1 to 'pcall' (value expected)" },
        { "show(pcall(xpcall, print))", "false\tbad argument #2 to 'xpcall' (function expected, got no value)" },
        { "show(pcall(xpcall, print, nil))", "false\tbad argument #2 to 'xpcall' (function expected, got nil)" },
        { "show(xpcall(error, function(e) return 'handled ' .. e end, 'x', 0))", "false\thandled x" },
        // load: an explicit nil environment means no globals; mode "b" refuses text.
        { "x = 42 local f = load('return x', 'c', 't', nil) show(pcall(f))", "false\t[string \"c\"]:1: attempt to index a nil value (upvalue '_ENV')" },
        { "show(pcall(load, 'return 1', 'c', 'b'))", "true\tnil\tattempt to load a text chunk (mode is 'b')" },
        { "show(load('return 6 * 7', 'c', 'bt')())", "42" },
        { "show(pcall(load))", "false\tbad argument #1 to 'load' (function expected, got no value)" },
        // coroutine.wrap: a failed coroutine is closed, and the message gets the caller's position.
        { "local log = {} show(pcall(coroutine.wrap(function() local v <close> = setmetatable({}, { __close = function() log[1] = 'closed' end }) error('boom') end))) show(log[1])", "false\tFILE:6: boom\nclosed" },
        { "show(pcall(coroutine.wrap(function() local v <close> = setmetatable({}, { __close = function() error('from close', 0) end }) error('boom') end)))", "false\tfrom close" },
        { "show(pcall(function() return coroutine.wrap(function() error('x') end)() end))", "false\tFILE:6: FILE:6: x" },
        { "local co = coroutine.wrap(function() return 1 end) co() show(pcall(co))", "false\tcannot resume dead coroutine" },
        { "show(pcall(coroutine.resume, 1))", "false\tbad argument #1 to 'coroutine.resume' (thread expected, got number)" },
        { "show(pcall(coroutine.wrap, 1))", "false\tbad argument #1 to 'coroutine.wrap' (function expected, got number)" },
        { "show(pcall(function() return coroutine.wrap(1) end))", "false\tFILE:6: bad argument #1 to 'wrap' (function expected, got number)" },
        { "show(pcall(coroutine.close, coroutine.running()))", "false\tcannot close a running coroutine" },
        // The pattern functions: Lua's own errors, without the sandbox's position in them.
        { "show(pcall(string.match, 'a', '%'))", "false\tmalformed pattern (ends with '%')" },
        { "show(pcall(string.find, nil, 'x'))", "false\tbad argument #1 to 'string.find' (string expected, got nil)" },
        // The raw functions the engine replaces for events, and pairs.
        { "show(pcall(rawlen, 5))", "false\tbad argument #1 to 'rawlen' (table or string expected, got number)" },
        { "show(pcall(rawset, 1))", "false\tbad argument #1 to 'rawset' (table expected, got number)" },
        { "show(pairs({}) == next)", "true" },
        // table.move, insert, remove: written out in C now, so their checks must be Lua's.
        { "local t = table.move({ 1, 2, 3 }, 1, 3, 2) show(t[1], t[2], t[3], t[4])", "1\t1\t2\t3" },
        { "local t = table.move({ 1, 2, 3 }, 2, 3, 1) show(t[1], t[2], t[3])", "2\t3\t3" },
        { "local t = table.move({ 1, 2 }, 1, 2, 3, { 9 }) show(t[1], t[3], t[4])", "9\t1\t2" },
        { "show(pcall(table.move, {}, 0, math.maxinteger, 0))", "false\tbad argument #3 to 'table.move' (too many elements to move)" },
        { "show(pcall(table.move, {}, 1, 2, math.maxinteger))", "false\tbad argument #4 to 'table.move' (destination wrap around)" },
        { "show(pcall(table.insert, {}, 1, 2, 3))", "false\twrong number of arguments to 'insert'" },
        { "show(pcall(table.insert, {}, 5, 2))", "false\tbad argument #2 to 'table.insert' (position out of bounds)" },
        { "local t = { 1, 2, 3 } table.insert(t, 2, 'x') table.insert(t, 'y') show(table.concat(t, ','))", "1,x,2,3,y" },
        { "show(pcall(table.remove, {}, 5))", "false\tbad argument #2 to 'table.remove' (position out of bounds)" },
        { "local t = { 1, 2, 3 } show(table.remove(t, 1), table.remove(t), #t, t[1])", "1\t3\t1\t2" },
        { "show(table.remove({}), table.remove({}, 0), table.remove({}, 1))", "nil\tnil\tnil" },
        { "show(pcall(table.insert, 1, 2))", "false\tbad argument #1 to 'table.insert' (table expected, got number)" },
        { "local t = { 3, 1, 2 } table.sort(t) table.sort(t, function(a, b) return a > b end) show(t[1], t[2], t[3])", "3\t2\t1" },
        // collectgarbage: Lua's errors for an option it does not know and for a bad step.
        { "show(pcall(collectgarbage, 'bogus'))", "false\tbad argument #1 to 'collectgarbage' (invalid option 'bogus')" },
        { "show(pcall(collectgarbage, 1))", "false\tbad argument #1 to 'collectgarbage' (invalid option '1')" },
        { "show(pcall(collectgarbage, 'step', 'x'))", "false\tbad argument #2 to 'collectgarbage' (number expected, got string)" },
        // What the wrappers pass through must behave as before: yields, readers, metamethods.
        { "local co = coroutine.create(function(...) coroutine.yield(...) return 'done' end) show(coroutine.resume(co, 1, 2)) show(coroutine.resume(co)) show(coroutine.resume(co))", "true\t1\t2\ntrue\tdone\nfalse\tcannot resume dead coroutine" },
        { "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) show(gen(), gen(), gen())", "1\t2\t3" },
        { "local parts, i = { 'return ', '1 + ', '1' }, 0 show(load(function() i = i + 1 return parts[i] end)())", "2" },
        { "for k, v in pairs(setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, 'a' end end, t, nil end })) do show(k, v) end", "1\ta" },
        { "show(pcall(xpcall, function() error('in', 0) end, function(m) return 'handled: ' .. m end))", "true\tfalse\thandled: in" },
        { "show(pcall(string.rep, setmetatable({}, { __name = 'MyType' }), 1))", "false\tbad argument #1 to 'string.rep' (string expected, got MyType)" },
        { "show(pcall(print, setmetatable({}, { __tostring = function() return {} end })))", "false\t'__tostring' must return a string" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Snippet_InTheSandbox_GivesWhatLuaGives(string snippet, string expected)
    {
        var attempt = await shared.AttemptAsync(ScriptName(snippet), Show + "\n" + snippet);

        Assert.True(attempt.StopReason is null, $"The snippet was stopped:\n{attempt.Transcript}");
        Assert.Equal(expected.Split('\n'), attempt.Printed);
    }

    /// <summary>A script name of its own for each row (the snippet's checksum: stable across runs).</summary>
    private static string ScriptName(string snippet) =>
        "compat_" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(snippet)))[..12].ToLowerInvariant();
}
