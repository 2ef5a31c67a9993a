-- seen.lua: remembers when each nick was last seen on each server, and answers /seen NICK.
--
-- Every message, action, join, part, quit and nick change is written to the script's storage
-- (irc.storage), one entry per server and nick, so the answers survive restarts. Nicks are compared
-- the way most IRC servers do (rfc1459: case-insensitive, and [ ] \ ~ equal { } | ^).

local MAX_TEXT = 80 -- how much of a message to keep

-- The key a nick is kept under: the server's name and the nick folded to lower case.
local function key(server, nick)
  local folded = nick:lower():gsub("[%[%]\\~]", { ["["] = "{", ["]"] = "}", ["\\"] = "|", ["~"] = "^" })
  return "seen:" .. server .. ":" .. folded
end

-- Storage holds strings, numbers and booleans only, so a sighting is one line of text:
-- "<unix time> <nick as written> <what they did>".
local function remember(e, doing)
  if not e.server or not e.nick then return end
  local when = math.floor(e.time or os.time())
  irc.storage.set(key(e.server, e.nick), string.format("%d %s %s", when, e.nick, doing))
end

local function shorten(text)
  text = text or ""
  if #text > MAX_TEXT then text = text:sub(1, MAX_TEXT - 3) .. "..." end
  return text
end

local function is_channel(target)
  return target ~= nil and target:match("^[#&+!]") ~= nil
end

irc.on("message", function(e)
  -- Private messages stay private: only say that they talked, not what or to whom.
  if is_channel(e.target) then
    remember(e, string.format("saying \"%s\" in %s", shorten(e.text), e.target))
  else
    remember(e, "sending a private message")
  end
end)

irc.on("action", function(e)
  if is_channel(e.target) then remember(e, string.format("* %s %s (in %s)", e.nick, shorten(e.text), e.target)) end
end)

irc.on("join", function(e) remember(e, "joining " .. e.channel) end)

irc.on("part", function(e)
  local reason = (e.text and e.text ~= "") and (" (" .. shorten(e.text) .. ")") or ""
  remember(e, "leaving " .. e.channel .. reason)
end)

irc.on("quit", function(e)
  local reason = (e.text and e.text ~= "") and (" (" .. shorten(e.text) .. ")") or ""
  remember(e, "quitting" .. reason)
end)

irc.on("nick", function(e)
  -- Both names lead somewhere: the old one to the new one, and the new one was just seen.
  remember(e, "changing nick to " .. e.new_nick)
  remember({ server = e.server, nick = e.new_nick, time = e.time }, "changing nick from " .. e.nick)
end)

-- "3 minutes ago", "2 days ago"
local function ago(seconds)
  local units = { { 86400, "day" }, { 3600, "hour" }, { 60, "minute" } }
  for _, unit in ipairs(units) do
    local n = seconds // unit[1]
    if n >= 1 then return string.format("%d %s%s ago", n, unit[2], n == 1 and "" or "s") end
  end
  return "just now"
end

irc.add_command("seen", function(args)
  local nick = args[1]
  if not nick then
    print("usage: /seen NICK")
    return
  end
  -- Look on every server the client knows, so it works from any buffer.
  local found = false
  for _, server in ipairs(irc.servers()) do
    local entry = irc.storage.get(key(server.name, nick))
    local when, name, doing = tostring(entry or ""):match("^(%d+) (%S+) (.*)$")
    if when then
      found = true
      local stamp = os.date("!%Y-%m-%d %H:%M UTC", tonumber(when))
      print(string.format("%s was last seen on %s %s (%s), %s", name, server.name, ago(os.time() - tonumber(when)), stamp, doing))
    end
  end
  if not found then print("I have not seen " .. nick .. " on any server") end
end, "Says when NICK was last seen talking, joining, leaving or quitting: /seen NICK")

return {
  name = "seen",
  version = "1.0.0",
  author = "RustIrc",
  description = "Remembers when each nick was last seen; /seen NICK",
  permissions = { "irc.read", "ui_modification" },
}
