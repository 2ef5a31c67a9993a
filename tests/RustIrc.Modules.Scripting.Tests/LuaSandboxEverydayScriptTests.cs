using System.Runtime.CompilerServices;
using RustIrc.Modules.Scripting.Tests.Infrastructure;
using static RustIrc.Modules.Scripting.Tests.Infrastructure.LuaSource;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The other half of the sandbox: what ordinary scripts do must keep working inside it (the standard
/// library that is left, exactly as Lua 5.4 defines it). Each script prints what it computed.
/// </summary>
public sealed class LuaSandboxEverydayScriptTests(SharedLuaClient shared) : IClassFixture<SharedLuaClient>
{
    private async Task AssertPrintsAsync(string source, string[] expected, [CallerMemberName] string name = "")
    {
        var attempt = await shared.AttemptAsync(name, source);
        Assert.True(attempt.StopReason is null, $"An ordinary script was stopped:\n{attempt.Transcript}");
        Assert.Equal(expected, attempt.Printed);
    }

    [Fact]
    public async Task StringFunctions_FormatCaseAndBytes_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            print(string.format("%5.2f|%-4s|%x|%q|%d|%s", 3.14159, "ab", 255, 'a"b', 42, true))
            print(("Hello"):upper(), ("Hello"):lower(), ("abc"):reverse(), string.char(72, 105), ("abc"):byte(2))
            print(nil, false, 1.5, "s")
            """,
            [" 3.14|ab  |ff|\"a\\\"b\"|42|true", "HELLO\thello\tcba\tHi\t98", "nil\tfalse\t1.5\ts"]);
    }

    [Fact]
    public async Task Patterns_GsubGmatchMatchFind_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            print((("hello world from lua"):gsub("(%w+)", "<%1>")))
            local found = {}
            for k, v in ("key=val, a=b"):gmatch("(%w+)=(%w+)") do found[#found + 1] = k .. ":" .. v end
            print(table.concat(found, " "))
            print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
            local s, e = ("a.b"):find(".", 1, true)
            print(s, e, ("  trim me  "):match("^%s*(.-)%s*$"))
            print((("x = 1, y = 2"):gsub("%a", function(c) return c:upper() end)))
            """,
            ["<hello> <world> <from> <lua>", "key:val a:b", "2024\t01\t15", "2\t2\ttrim me", "X = 1, Y = 2"]);
    }

    [Fact]
    public async Task Patterns_FieldSplittingAndTheSampleScripts_AcceptedOnLongSubjects()
    {
        // The sandbox refuses patterns that could backtrack for ages; these cannot (each repetition can end in
        // one place only, or scans a run that is short in this subject), so they must pass on long subjects:
        // a five-field split, and every pattern of samples/scripts/lua/*.lua and of the examples in
        // docs/api-lua.md, on subjects of thousands of bytes.
        await AssertPrintsAsync("""
            local FIELDS = "^(%d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$"
            local line = "1700000000\tlibera\t#rustirc\tada\thttps://example.org/a/b?c=1"
            print(#line, line:match(FIELDS))
            local long = "1700000000\t" .. ("s"):rep(5000) .. "\t" .. ("c"):rep(5000) .. "\t" .. ("n"):rep(5000) .. "\t" .. ("u"):rep(5000)
            local w, s, c, n, u = long:match(FIELDS)
            print(#long, w, #s, #c, #n, #u, ("x"):rep(20000):match(FIELDS))
            local fields = 0
            for field in (("f\t"):rep(10000)):gmatch("([^\t]*)\t") do fields = fields + 1 end
            -- Unanchored, a run that can fail at its end is scanned from every start: fine while runs are short.
            print(fields, (("field\t"):rep(4000) .. "last"):match("([^\t]*)$"))
            local seen = ("1700000000 Ada " .. ("saying things "):rep(1500))
            local when, name, doing = seen:match("^(%d+) (%S+) (.*)$")
            print(when, name, #doing, ("Ada[m]~ "):rep(3000):gsub("[%[%]\\~]", { ["["] = "{", ["]"] = "}", ["\\"] = "|", ["~"] = "^" }):sub(1, 7))
            local masks = 0
            for _ in (("*!*@host, "):rep(2000)):gmatch("[^,%s]+") do masks = masks + 1 end
            print(masks, ("+"):rep(20000):find("[~&@]"), (("#"):rep(20000)):match("^[#&+!]"))
            local lines = 0
            for _ in (("line\n"):rep(4000)):gmatch("[^\n]+") do lines = lines + 1 end
            local URL = "https?://[%w%-%._~:/%?#%[%]@!%$&'%(%)%*%+,;=%%]+"
            local urls = 0
            for url in (("see https://example.org/x?y=1). "):rep(600)):gmatch(URL) do urls = urls + 1 end
            print(lines, urls, (("https://example.org/" .. ("p"):rep(20000) .. ").,")):gsub("[%.,;:!%?'\"%)%]]+$", ""):sub(-3))
            print(("slap ada " .. ("with a trout "):rep(1500)):match("^%S+%s+(.+)$"):sub(1, 12), ("PRIVMSG #a :" .. ("x"):rep(20000)):find("^PRIVMSG %S+ :"))
            print(("  " .. ("trim me "):rep(300) .. "  "):match("^%s*(.-)%s*$"):sub(-7), (("a"):rep(20000)):find("a-a-a-b", 1, true))
            """,
            [
                "58\t1700000000\tlibera\t#rustirc\tada\thttps://example.org/a/b?c=1",
                "20014\t1700000000\t5000\t5000\t5000\t5000\tnil",
                "10000\tlast",
                "1700000000\tAda\t21000\tAda{m}^",
                "2000\tnil\t#",
                "4000\t600\tppp",
                "ada with a t\t1\t12",
                "trim me\tnil",
            ]);
    }

    [Fact]
    public async Task Patterns_BalancedAndFrontier_WorkOnOrdinaryText()
    {
        // %b counts like a repetition in the pattern guard: on ordinary lines, and anchored on long
        // subjects, it must still work.
        await AssertPrintsAsync("""
            print(("call(f(x), g(y)) rest"):match("%b()"), ("[a] [b [c]]"):gsub("%b[]", "<>"))
            local groups = {}
            for g in ("(one) and (two (three))"):gmatch("%b()") do groups[#groups + 1] = g end
            print(table.concat(groups, "|"), #("(" .. ("x"):rep(50000) .. ")"):match("^%b()"))
            print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"), ("hello world"):gsub("%f[%w]%w+", string.upper))
            """,
            ["(f(x), g(y))\t<> <>\t2", "(one)|(two (three))\t50002", "1\tHELLO WORLD\t2"]);
    }

    [Fact]
    public async Task Tables_SortInsertRemoveMoveUnpack_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            local t = {5, 3, 9, 1}
            table.sort(t, function(a, b) return a > b end)
            print(table.concat(t, ","))
            local names = {"bob", "Ada", "carol"}
            table.sort(names, function(a, b) return a:lower() < b:lower() end)
            print(table.concat(names, " "))
            table.insert(t, 1, 0)
            table.remove(t)
            print(table.concat(t, ","), #t, select("#", table.unpack(t)))
            local moved = table.move({1, 2, 3}, 1, 3, 2, {})
            print(moved[1], moved[4], table.pack(1, nil, 3).n)
            """,
            ["9,5,3,1", "Ada bob carol", "0,9,5,3\t4\t4", "nil\t3\t3"]);
    }

    [Fact]
    public async Task RawFunctionsAndType_ReplacedForEvents_BehaveAsLuasOwnOnOtherValues()
    {
        // type, rawget, rawset, rawlen and next are the engine's (they take an event for its table): on
        // anything else they must do what Lua's own do, errors included, with the function's name in them.
        await AssertPrintsAsync("""
            local t = setmetatable({ 1, 2, a = "x" }, { __index = function() return "meta" end, __newindex = function() error("no") end })
            print(type(nil), type(1), type("s"), type(t), type(print), type(coroutine.create(print)), type(io.open))
            print(rawget(t, "a"), rawget(t, "b"), t.b, rawlen(t), rawlen("four"), rawset(t, "c", 3) == t, rawget(t, "c"))
            local keys = 0
            for k in next, { x = 1, y = 2, 3 } do keys = keys + 1 end
            print(keys, next({}), select("#", next({})))
            local function fails(f, ...) local ok, err = pcall(f, ...) return ok and "ok" or err:gsub("^.-: ", "") end
            print(fails(type))
            print(fails(rawget, nil, "k"))
            print(fails(rawset, 1, 2, 3))
            print(fails(rawset, {}, nil, 1))
            print(fails(rawlen, true))
            print(fails(next, "s"))
            print(fails(next, {}, "missing"))
            """,
            [
                "nil\tnumber\tstring\ttable\tfunction\tthread\tfunction",
                "x\tnil\tmeta\t2\t4\ttrue\t3",
                "3\tnil\t1",
                "bad argument #1 to 'type' (value expected)",
                "bad argument #1 to 'rawget' (table expected, got nil)",
                "bad argument #1 to 'rawset' (table expected, got number)",
                "table index is nil",
                "bad argument #1 to 'rawlen' (table or string expected, got boolean)",
                "bad argument #1 to 'next' (table expected, got string)",
                "invalid key to 'next'",
            ]);
    }

    [Fact]
    public async Task ManyObjectsOfEverySize_GrownShrunkAndFreed_KeepTheirContents()
    {
        // The engine's allocator serves blocks up to 512 bytes from pools by size class and moves a block
        // that grows or shrinks out of its class: strings and tables of every size around those classes,
        // grown, emptied and made again, must read back exactly.
        await AssertPrintsAsync("""
            local function checksum(s) local h = 0 for i = 1, #s, 7 do h = (h * 31 + s:byte(i)) % 1000003 end return h end
            local kept, total = {}, 0
            for round = 1, 3 do
              for size = 1, 700 do
                local s = string.char(65 + size % 26):rep(size) .. round
                kept[size] = s
                local t = {}
                for i = 1, size % 40 do t[i] = s end
                for i = #t, 1, -1 do t[i] = nil end
                t.x = s
                total = total + #t.x
              end
              collectgarbage()
            end
            local sum = 0
            for size = 1, 700 do sum = (sum + checksum(kept[size]) + #kept[size]) % 1000003 end
            local grown = {}
            for i = 1, 5000 do grown[i] = i end
            for i = 5000, 11, -1 do grown[i] = nil end
            collectgarbage()
            print(total, sum, #grown, grown[10])
            """,
            ["738150\t" + ExpectedChecksum() + "\t10\t10"]);
    }

    // What the script above computes, computed here the same way.
    private static string ExpectedChecksum()
    {
        long sum = 0;
        for (var size = 1; size <= 700; size++)
        {
            var s = new string((char)(65 + size % 26), size) + "3";
            long h = 0;
            for (var i = 0; i < s.Length; i += 7) h = (h * 31 + s[i]) % 1000003;
            sum = (sum + h + s.Length) % 1000003;
        }
        return sum.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Closures_CountersAndLoopVariables_KeepTheirOwnState()
    {
        await AssertPrintsAsync("""
            local function counter() local n = 0 return function() n = n + 1 return n end end
            local a, b = counter(), counter()
            a() a()
            print(a(), b())
            local fns = {}
            for i = 1, 3 do fns[i] = function() return i * 10 end end
            print(fns[1](), fns[3]())
            """,
            ["3\t1", "10\t30"]);
    }

    [Fact]
    public async Task Metatables_OfTheScriptsOwnTables_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            local V = {}
            V.__index = V
            V.__add = function(p, q) return setmetatable({ x = p.x + q.x, y = p.y + q.y }, V) end
            V.__eq = function(p, q) return p.x == q.x and p.y == q.y end
            V.__tostring = function(p) return "(" .. p.x .. ", " .. p.y .. ")" end
            V.__len = function() return 2 end
            V.__call = function(p, k) return p[k] end
            function V.new(x, y) return setmetatable({ x = x, y = y }, V) end
            function V:sum() return self.x + self.y end
            local s = V.new(1, 2) + V.new(3, 4)
            print(tostring(s), s == V.new(4, 6), #s, s("y"), s:sum())
            local defaults = setmetatable({}, { __index = function(_, k) return k .. "?" end })
            local readonly = setmetatable({}, { __newindex = function() error("read-only", 2) end })
            print(defaults.colour, (pcall(function() readonly.x = 1 end)))
            """,
            ["(4, 6)\ttrue\t2\t6\t10", "colour?\tfalse"]);
    }

    [Fact]
    public async Task Coroutines_GeneratorsAndResumeYield_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            local fib = coroutine.wrap(function() local a, b = 1, 1 while true do coroutine.yield(a) a, b = b, a + b end end)
            local out = {}
            for i = 1, 6 do out[i] = fib() end
            print(table.concat(out, ","))
            local co = coroutine.create(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
            print(coroutine.resume(co, 1))
            print(coroutine.resume(co, 10))
            print(coroutine.status(co), coroutine.isyieldable())
            """,
            ["1,1,2,3,5,8", "true\t2", "true\t20", "dead\tfalse"]);
    }

    [Fact]
    public async Task Pcall_TheScriptsOwnErrors_AreCaughtWithTheirValues()
    {
        await AssertPrintsAsync("""
            local ok, e = pcall(error, { code = 42 })
            print(ok, e.code)
            print(pcall(error, "plain", 0))
            print(xpcall(function() error("deep", 0) end, function(m) return "handled " .. m end))
            local ok2, message = pcall(function() local t = nil return t.x end)
            print(ok2, message:find("attempt to index a nil value", 1, true) ~= nil)
            print(select("#", pcall(function() return 1, 2, 3 end)))
            """,
            ["false\t42", "false\tplain", "false\thandled deep", "false\ttrue", "4"]);
    }

    [Fact]
    public async Task OsDateAndTime_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            print(os.date("!%Y-%m-%d %H:%M:%S", 0))
            local t = os.date("!*t", 86400 + 3661)
            print(t.year, t.month, t.day, t.hour, t.min, t.sec)
            print(os.difftime(10, 4), math.type(os.time()), type(os.clock()))
            print(os.time({ year = 2000, month = 1, day = 1, hour = 12 }) - os.time({ year = 1999, month = 12, day = 31, hour = 12 }))
            """,
            ["1970-01-01 00:00:00", "1970\t1\t2\t1\t1\t1", "6.0\tinteger\tnumber", "86400"]);
    }

    [Fact]
    public async Task Utf8Library_CharLenCodesCodepoint_WorkAsInLua()
    {
        // Only ASCII is printed here; that text in other scripts reaches the user unchanged is a contract case.
        await AssertPrintsAsync("""
            local s = utf8.char(72, 228, 8364)
            print(#s, utf8.len(s), table.concat({ s:byte(1, -1) }, ","))
            local points = {}
            for p, c in utf8.codes(s) do points[#points + 1] = p .. ":" .. c end
            print(table.concat(points, " "), utf8.codepoint(s, 2), utf8.offset(s, 3), utf8.len("\xff"))
            """,
            ["6\t3\t72,195,164,226,130,172", "1:72 2:228 4:8364\t228\t4\tnil\t1"]);
    }

    [Fact]
    public async Task Numbers_IntegerAndFloatArithmetic_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            print(7 // 2, 7 % 3, 7 / 2, -7 // 2, 7.0 // 2)
            print(math.type(1), math.type(1.0), math.type("1"))
            print(math.maxinteger + 1 == math.mininteger, 2^10, 1 << 10, 5 & 3, 5 | 3, 5 ~ 3)
            print(math.floor(3.7), math.ceil(3.2), math.tointeger(4.0), math.abs(-2), math.max(1, 9, 3))
            print(1e15, 2^53, 10 / 0, -10 / 0, 0.1 + 0.2 == 0.3, math.fmod(7, 3))
            print(string.format("%.3f", math.pi), math.ult(1, -1), tonumber("0x10"), tonumber("10", 2))
            """,
            [
                "3\t1\t3.5\t-4\t3.0",
                "integer\tfloat\tnil",
                "true\t1024.0\t1024\t1\t7\t6",
                "3\t4\t4\t2\t9",
                "1e+15\t9.007199254741e+15\tinf\t-inf\tfalse\t1",
                "3.142\ttrue\t16\t2",
            ]);
    }

    [Fact]
    public async Task Load_TextChunksWithAndWithoutEnvironment_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            local add = load("return 1 + ...")
            print(add(41))
            local env = {}
            local chunk = load("x = 5 return x * 2", "=chunk", "t", env)
            print(chunk(), env.x, rawget(_G, "x"))
            print(load("return +", "=broken"))
            local parts, i = { "return ", "'pieces'" }, 0
            print(load(function() i = i + 1 return parts[i] end)())
            """,
            ["42", "10\t5\tnil", "nil\tbroken:1: unexpected symbol near '+'", "pieces"]);
    }

    [Fact]
    public async Task ControlFlow_GotoContinueAndVarargs_WorkAsInLua()
    {
        await AssertPrintsAsync("""
            local out = {}
            for i = 1, 6 do
              if i % 2 == 0 then goto continue end
              out[#out + 1] = i
              ::continue::
            end
            print(table.concat(out, ","))
            local function count(...) return select("#", ...), (select(2, ...)) end
            print(count(nil, "b", nil))
            local function sum(...) local s = 0 for _, v in ipairs({ ... }) do s = s + v end return s end
            print(sum(1, 2, 3, 4))
            """,
            ["1,3,5", "3\tb", "10"]);
    }

    [Fact]
    public async Task GuardedFunctions_NormalUse_StillWorks()
    {
        // string.rep, collectgarbage and the pattern functions are wrapped by the sandbox; ordinary calls pass.
        await AssertPrintsAsync("""
            print(("ab"):rep(3, "-"), ("x"):rep(0), #string.rep("0123456789", 100000))
            collectgarbage()
            collectgarbage("step")
            print(type(collectgarbage("count")), collectgarbage("isrunning"))
            print((string.rep("ab", 40000)):find("ba", 1, true), select(2, string.rep("a", 70000):gsub("a", "b")))
            math.randomseed(7)
            local a = math.random(1, 100)
            math.randomseed(7)
            print(a == math.random(1, 100), a >= 1 and a <= 100)
            """,
            ["ab-ab-ab\t\t1000000", "number\ttrue", "2\t70000", "true\ttrue"]);
    }

    [Fact]
    public async Task IoOpen_GrantedPaths_ReadAndWriteWork()
    {
        var folder = Directory.CreateTempSubdirectory("rustirc-granted-").FullName;
        try
        {
            var note = Path.Combine(folder, "note.txt");
            var copy = Path.Combine(folder, "copy.txt");
            File.WriteAllText(note, "first\nsecond\n");
            var attempt = await shared.AttemptAsync("granted", $$"""
                irc.add_command("copynote", function()
                  local f = assert(io.open({{Quote(note)}}))
                  print("note: " .. f:read("l"))
                  f:close()
                  local out = assert(io.open({{Quote(copy)}}, "w"))
                  for line in io.lines({{Quote(note)}}) do out:write(line:upper(), "\n") end
                  out:close()
                  print("copied")
                end)
                """);
            Assert.Null(attempt.StopReason);
            var client = await shared.ClientAsync();
            await client.RunAsync($"/lua grant granted file_read:{note}");
            await client.RunAsync($"/lua grant granted file_write:{copy}");
            var from = client.PrintedCount;

            await client.RunAsync("/copynote");

            await client.WaitForLineAsync("copied", from);
            Assert.Equal(["note: first", "copied"], client.PrintedSince(from));
            Assert.Equal("FIRST\nSECOND\n", File.ReadAllText(copy));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
