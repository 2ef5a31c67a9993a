// Lua values of every awkward kind, built at random inside the sandbox and passed to every API function:
// each conversion from Lua to the API must end as the call's result or a Lua error, never anything worse.
namespace RustIrc.Modules.Scripting.Tests;

public sealed class LuaValueFuzzTests : ScriptValueFuzz
{
    protected override (string Engine, string Extension) Language => ("lua", ".lua");

    // A seeded generator of its own, so every run passes the same values; the values cover what the
    // conversion has to refuse or bound: bytes that are not UTF-8, NaN and infinities, integer limits,
    // strings past 64 KB, nested and cyclic tables, functions, coroutines, and text with CR LF in it.
    protected override string Fuzzer => """
        local seed = 16
        local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
        local specials = { 0, -1, math.maxinteger, math.mininteger, 2^53, 1/0, -1/0, 0/0, 1e308, -0.0 }
        local function value(depth)
          local k = rnd(13)
          if k == 0 then return nil
          elseif k == 1 then return rnd(2) == 0
          elseif k == 2 then return specials[rnd(#specials) + 1]
          elseif k == 3 then local t = {} for i = 1, rnd(40) do t[i] = string.char(rnd(256)) end return table.concat(t)
          elseif k == 4 then return string.rep("x", (rnd(3) + 1) * 40000)
          elseif k == 5 then return function() error("boom") end
          elseif k == 6 and depth < 5 then local t = {} for i = 1, rnd(5) do t[i] = value(depth + 1) end return t
          elseif k == 7 and depth < 5 then local t = {} pcall(function() t[value(depth + 1) or 1] = value(depth + 1) end) return t
          elseif k == 8 then local t = { name = "loop" } t.self = t return t
          elseif k == 9 then return coroutine.create(function() end)
          elseif k == 10 then return "#chan\r\nQUIT :gone"
          elseif k == 11 then return ({ "message", "join", "no-such-event", "", "status", "#c" })[rnd(6) + 1]
          else return rnd(100000) - 50000 end
        end
        local host_bugs = { "Object reference", "Index was outside", "out of the range", "Unable to cast", "Value cannot be null",
          "not in a correct format", "Arithmetic operation", "Nullable object", "Sequence contains", "same key", "Collection was modified",
          "given key", "Exception", "stack overflow", "C stack" }
        local calls, refused = 0, 0
        local functions = {}
        local function collect(prefix, t)
          for name, f in pairs(t) do
            if type(f) == "function" and not (name == "disconnect" or name == "connect") then
              functions[#functions + 1] = { prefix .. name, f }
            elseif type(f) == "table" and prefix == "irc." then collect(prefix .. name .. ".", f) end
          end
        end
        collect("irc.", irc)
        table.sort(functions, function(a, b) return a[1] < b[1] end)
        irc.add_command("fuzz", function(args)
          for _ = 1, tonumber(type(args) == "table" and args[1] or args) do
            local f = functions[rnd(#functions) + 1]
            local ok, problem = pcall(f[2], value(0), value(0), value(0), value(0))
            calls = calls + 1
            if not ok then
              refused = refused + 1
              -- The API's refusals are written for the script; these are .NET's words for a bug in the host.
              local text = tostring(problem)
              for _, bug in ipairs(host_bugs) do
                if text:find(bug, 1, true) then print("unexpected from " .. f[1] .. ": " .. text) break end
              end
            end
          end
          print("fuzzed " .. calls .. " calls over " .. #functions .. " functions, " .. refused .. " refused")
        end, "/fuzz N: calls API functions with random values")
        """;
}
