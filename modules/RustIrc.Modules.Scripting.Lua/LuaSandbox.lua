-- The sandbox every script's Lua state runs before the script (LuaScript.cs runs it as "=sandbox").
-- It builds the irc table from the host's functions, takes away what a script must not have, and puts
-- the limits in place. Everything it relies on is captured in locals first, so that nothing a script
-- replaces later (a global, a library field) changes what these functions do.
--
-- It expects three functions from the host (removed from the globals at once): __host (the API),
-- __tick (the limit check the count hook runs) and __over (why the current call must stop, or nil);
-- and one from the engine's native helper: __install (gives it the limit check and the pattern policy).
-- tests/RustIrc.Modules.Scripting.Tests/LuaPreludeTests.cs runs it in plain lua5.4 with stand-ins.

local host, tick, over, install = __host, __tick, __over, __install
__host, __tick, __over, __install = nil, nil, nil, nil
local pack, unpack, concat = table.pack, table.unpack, table.concat
local error, type, pairs, ipairs, next, select = error, type, pairs, ipairs, next, select
local tostring, tonumber, tointeger, rawget, rawequal = tostring, tonumber, math.tointeger, rawget, rawequal
local format, find, byte = string.format, string.find, string.byte
local getinfo, rawgetmetatable, sethook = debug.getinfo, debug.getmetatable, debug.sethook
local loaded = package.loaded

-- Errors of the wrappers below, in Lua's own words: "bad argument #N to 'NAME' (...)", where NAME is
-- what the caller called the function (or its global name) and the position is the caller's, as
-- luaL_argerror gives them for Lua's C functions. fail is called by argerror or typeerror, called by the
-- wrapper whose argument is bad (stack levels: 1 fail, 2 the error function, 3 the wrapper, 4 its caller).
-- One difference remains: a wrapper reached by a tail call has lost its caller's frame, so such an
-- error has no position where Lua's C function would name the line of the tail call.
local function globalname(f)
  for library, functions in next, loaded do
    if type(functions) == "table" then
      for key, value in next, functions do
        if rawequal(value, f) and type(key) == "string" then
          return library == "_G" and key or library .. "." .. key
        end
      end
    end
  end
end
local function fail(arg, message)
  local called = getinfo(3, "nf")
  local name = called.name
  if called.namewhat == "method" then
    arg = arg - 1
    if arg == 0 then error(format("calling '%s' on bad self (%s)", name, message), 4) end
  end
  name = name or globalname(called.func) or "?"
  error(format("bad argument #%d to '%s' (%s)", arg, name, message), 4)
end
local function argerror(arg, message) fail(arg, message) end
-- given: whether the argument was passed at all ("got no value" when not).
local function typeerror(arg, expected, value, given)
  local metatable, actual = rawgetmetatable(value), nil
  if metatable and type(rawget(metatable, "__name")) == "string" then actual = rawget(metatable, "__name")
  elseif not given then actual = "no value"
  else actual = type(value) end
  fail(arg, expected .. " expected, got " .. actual)
end

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
  local dot = find(name, ".", 1, true)
  if dot then
    local group = name:sub(1, dot - 1)
    irc[group] = irc[group] or {}
    irc[group][name:sub(dot + 1)] = wrap(f)
  else
    irc[name] = wrap(f)
  end
end
-- print is Lua's own, written in the native helper, with irc.print in place of stdout.
install("print", irc.print)

-- Nothing that reads files, loads native code or bytecode, or reaches the debug library.
dofile, loadfile, debug, io = nil, nil, nil, nil

-- io.open, but only for paths the script was granted (file_read:/path, file_write:/path): the
-- whole file is read or written through the client, which checks the grant. It calls the host's
-- functions, not the irc.file wrappers: a wrapper's error would name this prelude's line, where the
-- script wants its own (io.open returns the message, as Lua's does; close raises at its caller).
local exists, read = host["file.exists"], host["file.read"]
local write, append = host["file.write"], host["file.append"]
io = {}
function io.open(path, mode)
  mode = mode or "r"
  local reading = find(mode, "r", 1, true)
  if reading then
    local ok, found = exists(path)
    if not ok then return nil, found end
    if not found then return nil, path .. ": no such file" end
    local text
    ok, text = read(path)
    if not ok then return nil, text end
    local at, handle = 1, {}
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
  local writeall = find(mode, "a", 1, true) and append or write
  local parts, handle = {}, {}
  function handle:write(...) for _, v in ipairs({...}) do parts[#parts + 1] = tostring(v) end return handle end
  function handle:close()
    local ok, problem = writeall(path, concat(parts))
    parts = {}
    if not ok then error(problem, 2) end
    return true
  end
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

-- collectgarbage: only what reads the collector or asks it for work; the rest (stop, the modes and
-- their tuning) would let a script change how the client's memory limit holds.
local gc = collectgarbage
local allowed = { collect = true, count = true, step = true, isrunning = true }
local known = { stop = true, restart = true, setpause = true, setstepmul = true, incremental = true, generational = true }
collectgarbage = function(...)
  local option, amount = ...
  if option == nil then option = "collect" end
  if type(option) == "number" then option = tostring(option) end
  if type(option) ~= "string" then typeerror(1, "string", option, true) end
  if allowed[option] then
    if option ~= "step" then return gc(option) end
    if amount ~= nil then
      local number = tonumber(amount)
      if type(amount) ~= "number" and (type(amount) ~= "string" or not number) then typeerror(2, "number", amount, true) end
      if not tointeger(number) then argerror(2, "number has no integer representation") end
    end
    return gc(option, amount)
  end
  if known[option] then error("collectgarbage('" .. option .. "') is not allowed in scripts", 2) end
  argerror(1, "invalid option '" .. option .. "'")
end

-- Limits. The hook runs every 1000 instructions in every coroutine; once a limit is passed it
-- raises on every run, and pcall, xpcall, coroutine.resume, coroutine.wrap and load raise again on
-- return, so a script cannot catch its way past a limit.
local function limit()
  local reason = tick()
  if reason then error(reason, 0) end
end
local function after(r)
  local reason = over()
  if reason then error(reason, 0) end
  return unpack(r, 1, r.n)
end
-- The native helper's functions that loop in C (table.move, insert, remove, sort) charge the loop
-- to the instruction budget before they start, then run this check.
install("limit", limit)

local rawpcall, rawxpcall = pcall, xpcall
pcall = function(...)
  if select("#", ...) == 0 then argerror(1, "value expected") end
  return after(pack(rawpcall(...)))
end
xpcall = function(...)
  local f, handler = ...
  if type(handler) ~= "function" then typeerror(2, "function", handler, select("#", ...) >= 2) end
  -- A message handler that itself loops would be called again for each limit error: stop at once.
  local guarded = function(e) if over() then return e end return handler(e) end
  return after(pack(rawxpcall(f, guarded, select(3, ...))))
end

-- load: source text only (never bytecode: a crafted one can break the interpreter), and an explicit
-- nil environment meaning none, as in Lua.
local rawload = load
load = function(...)
  local chunk, chunkname, mode = ...
  local kind = type(chunk)
  if kind ~= "string" and kind ~= "number" and kind ~= "function" then typeerror(1, "function", chunk, select("#", ...) >= 1) end
  if chunkname ~= nil and type(chunkname) ~= "string" and type(chunkname) ~= "number" then typeerror(2, "string", chunkname, true) end
  if mode ~= nil and type(mode) ~= "string" and type(mode) ~= "number" then typeerror(3, "string", mode, true) end
  mode = mode == nil and "bt" or tostring(mode)
  if not find(mode, "t", 1, true) then
    -- Only a binary chunk could load: say which it was, without loading it.
    local first = chunk
    if kind == "function" then
      local ok, piece = rawpcall(chunk)
      if not ok then return nil, piece end
      first = piece
    end
    if type(first) == "string" and byte(first, 1) == 27 then return nil, "attempt to load a binary chunk (precompiled Lua is not accepted in scripts)" end
    return nil, format("attempt to load a text chunk (mode is '%s')", mode)
  end
  if select("#", ...) >= 4 then return after(pack(rawload(chunk, chunkname, "t", (select(4, ...))))) end
  return after(pack(rawload(chunk, chunkname, "t")))
end

-- Coroutines: a hook set from Lua belongs to one coroutine, so each new one gets the same limit.
local create, resume, status, close = coroutine.create, coroutine.resume, coroutine.status, coroutine.close
coroutine.create = function(...)
  local f = ...
  if type(f) ~= "function" then typeerror(1, "function", f, select("#", ...) >= 1) end
  local co = create(f)
  sethook(co, limit, "", 1000)
  return co
end
coroutine.resume = function(...)
  local co = ...
  if type(co) ~= "thread" then typeerror(1, "thread", co, select("#", ...) >= 1) end
  return after(pack(resume(...)))
end
-- coroutine.wrap is the native helper's (Lua's own, with this limit check and this create): written in
-- C so that its errors carry the position of the call even when it is reached by a tail call.
install("wrap", coroutine.create, over)

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
      -- ".+" needs a character, but any: the rest still matches wherever a few are left. A bare "."
      -- needs one too, and fails where the subject has run out: after it, nothing is free any more
      -- (("a*."):rep(40) on 40 bytes of "a" is exponential).
      if it.class == "." then
        dot = dot or (it.q ~= nil and it.q ~= 63)
        if not it.q then pliant = false end
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

-- The pattern policy the native helper asks before string.find, match, gmatch and gsub run: a message
-- when the pattern could backtrack for minutes on this subject, else nil. Patterns are analysed once
-- and remembered (a few hundred of them), since scripts use the same ones again and again.
install("patterns", function(name, s, pattern, plain)
  if #s <= 1 or (plain and name == "string.find") then return nil end
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
    return name .. ": pattern too complex (" .. what .. ") for a " .. #s .. "-byte subject; match in steps with simpler patterns"
  end
  return nil
end)

sethook(limit, "", 1000)
