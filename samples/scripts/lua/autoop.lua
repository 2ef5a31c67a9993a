-- autoop.lua: gives channel operator status (+o) to people whose nick!user@host matches a mask on the
-- list, when they join a channel where we are an operator.
--
-- The list is the script's setting "autoop.list" (irc.config): masks separated by commas, such as
-- "alice!*@*.example.org, *!bob@203.0.113.*". In a mask, * stands for any run of characters and ?
-- for exactly one. /autoop shows the list, /autoop add MASK and /autoop del MASK change it.
-- Only the default permissions are used: irc.read to look at the channel, irc.send for the MODE,
-- ui_modification to say what it did.

-- Masks and hostmasks are compared in lower case, with [ ] \ ~ equal to { } | ^ (rfc1459).
local function fold(text)
  return (text:lower():gsub("[%[%]\\~]", { ["["] = "{", ["]"] = "}", ["\\"] = "|", ["~"] = "^" }))
end

-- Whether text matches mask, where * stands for any run of characters (none included) and ? for
-- exactly one. A plain loop rather than a Lua pattern: it cannot backtrack its way into a long search,
-- and no character of the mask needs escaping.
local function glob(mask, text)
  local m, t, star, resume = 1, 1, nil, 0
  while t <= #text do
    local c = mask:sub(m, m)
    if c == "*" then
      star, resume, m = m, t, m + 1              -- remember the star; first let it match nothing
    elseif c ~= "" and (c == "?" or c == text:sub(t, t)) then
      m, t = m + 1, t + 1
    elseif star then
      m, resume = star + 1, resume + 1           -- let the last star swallow one more character
      t = resume
    else
      return false
    end
  end
  while mask:sub(m, m) == "*" do m = m + 1 end   -- trailing stars match nothing
  return m > #mask
end

local function masks()
  local list = {}
  for mask in tostring(irc.config.get("autoop.list", "")):gmatch("[^,%s]+") do list[#list + 1] = mask end
  return list
end

local function matches(hostmask)
  for _, mask in ipairs(masks()) do
    if glob(fold(mask), fold(hostmask)) then return mask end
  end
  return nil
end

-- Whether we hold +o in the channel (irc.users gives each member's prefixes, highest first).
local function we_are_op(channel)
  local me = irc.my_nick()
  if not me then return false end
  for _, member in ipairs(irc.users(channel)) do
    if fold(member.nick) == fold(me) then return (member.prefix or ""):find("[~&@]") ~= nil end
  end
  return false
end

irc.on("join", function(e)
  if not (e.nick and e.channel) then return end
  if fold(e.nick) == fold(irc.my_nick() or "") then return end -- our own join
  -- Without a user or host (no userhost-in-names, odd servers) only masks like "nick!*@*" can match.
  local hostmask = string.format("%s!%s@%s", e.nick, e.user or "", e.host or "")
  local mask = matches(hostmask)
  if mask and we_are_op(e.channel) then
    irc.set_mode(e.channel, "+o", e.nick)
    irc.print(string.format("autoop: +o %s in %s (%s matches %s)", e.nick, e.channel, hostmask, mask))
  end
end)

irc.add_command("autoop", function(args)
  local verb, mask = args[1], args[2]
  local list = masks()
  if verb == "add" and mask then
    list[#list + 1] = mask
  elseif (verb == "del" or verb == "remove") and mask then
    local kept = {}
    for _, m in ipairs(list) do if fold(m) ~= fold(mask) then kept[#kept + 1] = m end end
    if #kept == #list then print("autoop: " .. mask .. " is not on the list") return end
    list = kept
  elseif verb ~= nil then
    print("usage: /autoop [add MASK | del MASK]")
    return
  end
  if verb then irc.config.set("autoop.list", table.concat(list, ",")) end
  print(#list == 0 and "autoop: the list is empty; /autoop add nick!user@host adds a mask"
    or "autoop: " .. table.concat(list, ", "))
end, "Shows or changes the auto-op masks: /autoop [add MASK | del MASK]", { "add", "del" })

return {
  name = "autoop",
  version = "1.0.0",
  author = "RustIrc",
  description = "Ops people on a list of nick!user@host masks when they join",
  permissions = { "irc.read", "irc.send", "ui_modification" },
}
