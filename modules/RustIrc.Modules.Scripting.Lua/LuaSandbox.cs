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

        -- io.open, but only for paths the script was granted (file_read:/path, file_write:/path): the
        -- whole file is read or written through the client, which checks the grant.
        local file = irc.file
        io = {}
        function io.open(path, mode)
          mode = mode or "r"
          local ok, problem = pcall(function()
            if mode:find("r", 1, true) and not file.exists(path) then error(path .. ": no such file", 0) end
          end)
          if not ok then return nil, problem end
          if mode:find("r", 1, true) then
            local text, at = file.read(path), 1
            local handle = {}
            function handle:read(format)
              format = format or "l"
              if format == "a" or format == "*a" then local rest = text:sub(at); at = #text + 1; return rest end
              if at > #text then return nil end
              local stop = text:find("\n", at, true) or (#text + 1)
              local line = text:sub(at, stop - 1)
              at = stop + 1
              if format == "L" or format == "*L" then return line .. "\n" end
              return line
            end
            function handle:lines() return function() return handle:read("l") end end
            function handle:close() return true end
            return handle
          end
          local writeall = mode:find("a", 1, true) and file.append or file.write
          local parts, handle = {}, {}
          function handle:write(...) for _, v in ipairs({...}) do parts[#parts + 1] = tostring(v) end return handle end
          function handle:close() writeall(path, table.concat(parts)); parts = {} return true end
          return handle
        end
        function io.lines(path) local h, problem = io.open(path, "r") if not h then error(problem, 2) end return h:lines() end
        string.dump = nil
        package.loadlib, package.cpath, package.path = nil, "", ""
        package.searchers = { package.searchers[1] } -- preloaded modules only
        os = { date = os.date, time = os.time, clock = os.clock, difftime = os.difftime }
        package.searchpath = nil -- it opens files: an oracle for what exists
        -- require("os") and friends return what package.loaded holds: the originals, unless replaced.
        package.loaded.os, package.loaded.io, package.loaded.debug = os, io, nil
        local rawload = load
        load = function(chunk, name, mode, env)
          if env == nil then return rawload(chunk, name, "t") end
          return rawload(chunk, name, "t", env)
        end
        -- Finalizers run with hooks off (Lua stops debug hooks during __gc), so no limit could stop one.
        local rawsetmetatable = setmetatable
        setmetatable = function(t, mt)
          if type(mt) == "table" and rawget(mt, "__gc") ~= nil then error("__gc finalizers are not allowed in scripts", 2) end
          return rawsetmetatable(t, mt)
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
        xpcall = function(f, handler, ...)
          -- A message handler that itself loops would be called again for each limit error: stop at once.
          local guarded = function(e) if over() then return e end return handler(e) end
          return after(pack(rawxpcall(f, guarded, ...)))
        end
        coroutine.resume = function(...) return after(pack(resume(...))) end
        local loadnow = load
        load = function(...) return after(pack(loadnow(...))) end
        -- Pattern matching runs in C, where the hook cannot stop it: refuse the long subjects on which a
        -- pattern with several quantifiers could backtrack for minutes.
        local rawgsub, log = string.gsub, math.log
        local function bounded(name, f)
          return function(s, pattern, ...)
            if type(s) == "string" and type(pattern) == "string" and #s > 16 then
              -- Each backtracking repetition (x* or x-, for any item x) can end anywhere: the matcher may try
              -- about (subject length)^(their number) ways. Refuse the explosive combinations. Escapes
              -- (%-) and the insides of sets ([a-z]) are not repetitions.
              local plain = rawgsub(rawgsub(pattern, "%%.", "e"), "%[%^?%]?[^%]]*%]", "s")
              local _, ambiguous = rawgsub(plain, "[%*%-]", "")
              if ambiguous > 1 and ambiguous * log(#s, 10) > 7 then
                error(name .. ": pattern too complex (" .. ambiguous .. " backtracking repetitions) for a " .. #s .. "-byte subject", 2)
              end
            end
            return f(s, pattern, ...)
          end
        end
        for _, name in ipairs({ "find", "match", "gmatch", "gsub" }) do string[name] = bounded("string." .. name, string[name]) end
        local rep = string.rep
        string.rep = function(s, n, sep)
          if type(n) == "number" and type(s) == "string" and n > 0 then
            if (#s + #(sep or "")) * n > 16777216 then error("string.rep: the result would be over 16 MB", 2) end
            if n > 16777216 then return "" end -- an empty result, which C would still loop n times to build
          end
          return rep(s, n, sep)
        end
        local function limit()
          local reason = tick()
          if reason then error(reason, 0) end
        end
        sethook(limit, "", 1000)
        -- A hook set from Lua belongs to one coroutine: give each new one the same limit.
        local create = coroutine.create
        coroutine.create = function(f)
          local co = create(f)
          sethook(co, limit, "", 1000)
          return co
        end
        coroutine.wrap = function(f)
          local co = coroutine.create(f)
          return function(...)
            local r = pack(resume(co, ...))
            if not r[1] then error(r[2], 0) end
            return after(pack(unpack(r, 2, r.n)))
          end
        end
        """;
}
