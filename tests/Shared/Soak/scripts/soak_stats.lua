-- soak_stats.lua: storage and timers under a flood. Counts messages per channel, keeps the counts in
-- irc.storage (every second and when unloaded) and takes them back when loaded again, so its total
-- survives the soak's reloads of it: /soakstats answers "total=N".
local counts = irc.storage.get("counts", {})
local function total()
  local sum = 0
  for _, n in pairs(counts) do sum = sum + n end
  return math.tointeger(sum) or sum
end
irc.on("message", function(e)
  if e.own then return end
  local where = e.channel or "private"
  counts[where] = (counts[where] or 0) + 1
end)
irc.timer(1000, function() irc.storage.set("counts", counts) end, true)
function on_unload()
  irc.storage.set("counts", counts)
end
irc.add_command("soakstats", function() return "total=" .. total() end, "Says how many messages soak_stats.lua has counted, over its reloads")
return { name = "soak_stats", version = "1.0.0", description = "Counts messages per channel in storage, across reloads" }
