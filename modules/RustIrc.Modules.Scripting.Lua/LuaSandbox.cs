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
        local pack, unpack, error, type, pairs, tostring, select = table.pack, table.unpack, error, type, pairs, tostring, select
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
          -- An event stands for a table (type() says so): its metatable is as protected as a table's would be.
          if getmetatable(t) == "event" then error("cannot change a protected metatable", 2) end
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
        -- Pattern matching runs in C, where the hook cannot stop it: refuse a pattern that could backtrack
        -- for minutes on the subject it is given. The rule is explained in docs/security.md (Limits).
        local rawgmatch, byte, sub, char, log = string.gmatch, string.byte, string.sub, string.char, math.log
        local everybyte = {}
        for b = 0, 255 do everybyte[b + 1] = char(b) end
        everybyte = concat(everybyte)
        local classes, classcount = {}, 0
        -- The bytes a single-character class ("a", "%d", "[^\t]") matches, as a set.
        local function members(class)
          local set = classes[class]
          if set then return set end
          if classcount >= 256 then classes, classcount = {}, 0 end
          set = {}
          for c in rawgmatch(everybyte, class) do set[c] = true end
          classes[class], classcount = set, classcount + 1
          return set
        end
        local function disjoint(a, b)
          if a == "." or b == "." then return false end
          local other = members(b)
          for c in pairs(members(a)) do if other[c] then return false end end
          return true
        end
        -- Where the set starting at i ("[") ends: the index after its "]", or nil. As lstrlib.c reads it.
        local function setend(p, i)
          i = i + 1
          if byte(p, i) == 94 then i = i + 1 end
          repeat
            if i > #p then return nil end
            i = i + (byte(p, i) == 37 and 2 or 1)
          until byte(p, i) == 93
          return i + 1
        end
        -- The item of pattern p at i, and where the next starts (nil after a malformed one): a single-character
        -- class as { class = text, q = quantifier byte or nil }, or "capture", "end" (a final "$"), "balance"
        -- (%bxy) or "other" (%f, a back-reference). A "^" is read as a literal: that only ever counts one item more.
        local function item(p, i)
          local c, d = byte(p, i), byte(p, i + 1)
          if c == 40 or c == 41 then return "capture", i + 1 end
          if c == 36 and i == #p then return "end", i + 1 end
          local stop
          if c == 37 then
            if d == 98 then return "balance", i + 4 end
            if d == 102 then return "other", byte(p, i + 2) == 91 and setend(p, i + 2) or nil end
            if not d or (d >= 48 and d <= 57) then return "other", d and i + 2 end
            stop = i + 1
          elseif c == 91 then
            stop = setend(p, i)
            if not stop then return "other", nil end
            stop = stop - 1
          else
            stop = i
          end
          local class = sub(p, i, stop)
          local alnum = (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122)
          if stop == i and c ~= 46 and not alnum then class = "%" .. class end -- a literal such as "+" or "$"
          local q = byte(p, stop + 1)
          if q == 42 or q == 43 or q == 45 or q == 63 then return { class = class, q = q }, stop + 2 end
          return { class = class }, stop + 1
        end
        -- How much a pattern can backtrack: how many of its repetitions (x*, x+, x-) and optional items (x?)
        -- count. One does not count when the first place it ends is the only one tried: (a) nothing but
        -- captures and "$" follow it; (b) the next item must match a character x cannot match (the
        -- "[^\t]*" of "[^\t]*\t", the "%d+" of "%d+ "); or (c) the rest of the pattern matches wherever it
        -- starts, given a character for each of its dots ("(.-)%s*$", "(.+)$"). But from the first one that
        -- counts on, every repetition counts: it is tried again for each place the earlier ones can end.
        -- Returns the two counts, and whether a repetition before the first counted one was left out.
        local function analyse(p)
          local list, i = {}, 1
          while i and i <= #p do
            local it, nexti = item(p, i)
            list[#list + 1], i = it, nexti
          end
          local n = #list
          local ends = list[n] == "end"
          -- following[k]: the first item after k that takes up some of the subject (captures take none);
          -- always[k]: whether the items from k on match wherever they start (see (c)).
          local following, always = {}, { [n + 1] = not ends }
          local nextone, pliant, dot = n + 1, true, false
          for k = n, 1, -1 do
            local it = list[k]
            following[k] = nextone
            if it ~= "capture" then nextone = k end
            if type(it) == "table" then
              -- "." and ".+" need a character, but any: the rest still matches wherever a few are left.
              if it.class == "." then dot = dot or (it.q ~= nil and it.q ~= 63)
              elseif not it.q or it.q == 43 then pliant = false end
            elseif it == "other" or it == "balance" then
              pliant = false
            end
            always[k] = pliant and (not ends or dot)
          end
          local repetitions, optional, scans = 0, 0, {}
          for k = 1, n do
            local it = list[k]
            if type(it) == "table" and it.q then
              local after = list[following[k]]
              -- free: whatever it took, the rest matches; scans: it may take a whole run of the subject
              -- and then fail, which costs the length of that run (once per start, for an unanchored match).
              local free = after == nil or always[k + 1]
              local scan = not free and (after == "end"
                or (type(after) == "table" and (not after.q or after.q == 43) and disjoint(it.class, after.class)))
              if it.q == 63 then
                if not (free or scan) then optional = optional + 1 end
              elseif repetitions > 0 or not (free or scan) then
                repetitions = repetitions + 1
              elseif scan then
                scans[#scans + 1] = it.class
              end
            elseif it == "balance" then
              -- %bxy ends in one place only, but finding it (or finding none) may read the rest of the
              -- subject: like a repetition, once for every start of an unanchored match.
              repetitions = repetitions + 1
            end
          end
          return repetitions, optional, scans
        end
        -- Each counted repetition may end about anywhere, so the matcher may try some (subject length)^(their
        -- number) ways (a repetition that only scans a run counts as one when none is counted), once more
        -- for every start of an unanchored match, and each counted optional item doubles that: refuse over
        -- about 30 million steps (a tenth of a second or so). Patterns are analysed once and remembered (a few
        -- hundred of them), since scripts use the same ones again and again.
        local analysed, analysedcount, twoways = {}, 0, log(2, 10)
        local rawfind = string.find
        -- The longest run in s of characters of any of the classes (at least 1).
        local function longestrun(s, classes)
          local longest = 1
          for _, class in ipairs(classes) do
            local run, at = class .. "+", 1
            while true do
              local first, last = rawfind(s, run, at)
              if not first then break end
              if last - first + 1 > longest then longest = last - first + 1 end
              at = last + 1
            end
          end
          return longest
        end
        local function bounded(name, f)
          return function(s, pattern, ...)
            if type(s) == "string" and type(pattern) == "string" and #s > 1 and not (name == "string.find" and select(2, ...)) then
              local known = analysed[pattern]
              if not known then
                if analysedcount >= 256 then analysed, analysedcount = {}, 0 end
                known = pack(analyse(pattern))
                analysed[pattern], analysedcount = known, analysedcount + 1
              end
              local repetitions, optional, scans = known[1], known[2], known[3]
              if repetitions == 0 and #scans > 0 then repetitions = 1 end
              -- Without "^" the matcher starts again at every position of the subject: one factor more.
              -- (gmatch ignores "^".)
              if repetitions > 0 and not (byte(pattern, 1) == 94 and name ~= "string.gmatch") then repetitions = repetitions + 1 end
              local steps = repetitions * log(#s, 10) + optional * twoways
              if steps > 7.5 and known[1] == 0 and optional == 0 and repetitions == 2 then
                -- Only runs scanned from every start ("([^\t]*)\t" in gmatch): each start costs at most
                -- the longest run of those characters in this subject, which is short in ordinary text.
                steps = log(#s * #scans * longestrun(s, scans), 10)
              end
              if (repetitions > 1 or optional > 0) and steps > 7.5 then
                local what = repetitions > 0 and repetitions .. " backtracking repetitions" or ""
                if optional > 0 then what = what .. (repetitions > 0 and ", " or "") .. optional .. " optional items" end
                error(name .. ": pattern too complex (" .. what .. ") for a " .. #s .. "-byte subject; match in steps with simpler patterns", 2)
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
