-- urllog.lua: notes every URL said in a channel, counts how often each was posted, and lists the
-- latest with /urls.
--
-- Storage (irc.storage) keeps strings, numbers and booleans, not tables, so the script keeps two
-- kinds of entries: "count:<url>" (how many times the URL was seen) and "recent" (the latest
-- sightings, newest first, one per line: "<unix time>\t<server>\t<channel>\t<nick>\t<url>").

local KEEP = 20 -- sightings kept in "recent"

-- Characters a URL may hold (RFC 3986), and what is usually punctuation around it in a sentence.
local URL = "https?://[%w%-%._~:/%?#%[%]@!%$&'%(%)%*%+,;=%%]+"
local TRAILING = "[%.,;:!%?'\"%)%]]+$"

local function recent()
  local list = {}
  for line in tostring(irc.storage.get("recent", "")):gmatch("[^\n]+") do list[#list + 1] = line end
  return list
end

local function note(e, url)
  local count = (tonumber(irc.storage.get("count:" .. url)) or 0) + 1
  irc.storage.set("count:" .. url, count)
  -- The new sighting goes first; an older sighting of the same URL makes room for it.
  local list = { table.concat({ math.floor(e.time or os.time()), e.server, e.target, e.nick or "?", url }, "\t") }
  for _, line in ipairs(recent()) do
    if #list >= KEEP then break end
    if line:match("([^\t]*)$") ~= url then list[#list + 1] = line end
  end
  irc.storage.set("recent", table.concat(list, "\n"))
end

local function scan(e)
  if not (e.target and e.target:match("^[#&+!]")) then return end -- channels only
  for url in (e.text or ""):gmatch(URL) do
    url = url:gsub(TRAILING, "")
    if #url > 8 then note(e, url) end
  end
end

irc.on("message", scan)
irc.on("action", scan)

irc.add_command("urls", function(args)
  local wanted = tonumber(args[1]) or 10
  local list = recent()
  if #list == 0 then
    print("no URLs seen yet")
    return
  end
  for i = 1, math.min(wanted, #list) do
    local when, server, channel, nick, url = list[i]:match("^(%d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if when then
      local count = math.tointeger(tonumber(irc.storage.get("count:" .. url)) or 1) or 1
      print(string.format("%s %s/%s <%s> %s%s", os.date("!%m-%d %H:%M", tonumber(when)), server, channel, nick, url,
        count > 1 and string.format(" (seen %d times)", count) or ""))
    end
  end
end, "Lists the latest URLs said in channels: /urls [HOW_MANY]")

return {
  name = "urllog",
  version = "1.0.0",
  author = "RustIrc",
  description = "Logs URLs said in channels with a count; /urls lists the latest",
  permissions = { "ui_modification" },
}
