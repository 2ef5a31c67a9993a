namespace RustIrc.Modules.Scripting.Lua;

/// <summary>
/// The Lua code run in every new state before the script: it builds the <c>irc</c> table from the host
/// functions, then takes away what a script must not have and installs the limits. Everything dangerous
/// is captured in locals first and the globals removed, so a script cannot reach the originals.
/// </summary>
internal static class LuaSandbox
{
    public const string Prelude = """
        local host, tick, over = __host, __tick, __over
        __host, __tick, __over = nil, nil, nil
        local pack, unpack, error, type, pairs, tostring = table.pack, table.unpack, error, type, pairs, tostring
        local sethook, concat = debug.sethook, table.concat

        -- Host functions never raise themselves (that would unwind through .NET frames): they return
        -- true and the results, or false and a message, and these wrappers raise in Lua.
        local function wrap(f)
          return function(...)
            local r = pack(f(...))
            if r[1] then return unpack(r, 2, r.n) end
            error(r[2], 2)
          end
        end
        irc = {}
        for name, f in pairs(host) do
          local dot = name:find(".", 1, true)
          if dot then
            local group = name:sub(1, dot - 1)
            irc[group] = irc[group] or {}
            irc[group][name:sub(dot + 1)] = wrap(f)
          else
            irc[name] = wrap(f)
          end
        end
        local ircprint = irc.print
        print = function(...)
          local parts = pack(...)
          for i = 1, parts.n do parts[i] = tostring(parts[i]) end
          ircprint(concat(parts, "\t", 1, parts.n))
        end

        -- Nothing that reads files, loads native code or bytecode, or reaches the debug library.
        dofile, loadfile, debug, io = nil, nil, nil, nil
        string.dump = nil
        package.loadlib, package.cpath, package.path = nil, "", ""
        package.searchers = { package.searchers[1] } -- preloaded modules only
        os = { date = os.date, time = os.time, clock = os.clock, difftime = os.difftime }
        local rawload = load
        load = function(chunk, name, mode, env)
          if env == nil then return rawload(chunk, name, "t") end
          return rawload(chunk, name, "t", env)
        end
        local gc = collectgarbage
        collectgarbage = function(option, ...)
          option = option or "collect"
          if option == "collect" or option == "count" or option == "step" or option == "isrunning" then return gc(option, ...) end
          error("collectgarbage('" .. tostring(option) .. "') is not allowed in scripts", 2)
        end

        -- Limits. The hook runs every 1000 instructions in every coroutine; once a limit is passed it
        -- raises on every run, and pcall, xpcall and coroutine.resume raise again on return, so a
        -- script cannot catch its way past a limit.
        local function after(r)
          local reason = over()
          if reason then error(reason, 0) end
          return unpack(r, 1, r.n)
        end
        local rawpcall, rawxpcall, resume = pcall, xpcall, coroutine.resume
        pcall = function(...) return after(pack(rawpcall(...))) end
        xpcall = function(...) return after(pack(rawxpcall(...))) end
        coroutine.resume = function(...) return after(pack(resume(...))) end
        local rep = string.rep
        string.rep = function(s, n, sep)
          if type(n) == "number" and type(s) == "string" and n > 0 and (#s + #(sep or "")) * n > 16777216 then
            error("string.rep: the result would be over 16 MB", 2)
          end
          return rep(s, n, sep)
        end
        sethook(function()
          local reason = tick()
          if reason then error(reason, 0) end
        end, "", 1000)
        """;
}
