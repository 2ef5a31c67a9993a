-- soak_count.lua: counts the soak's IRC events by kind. The soak never reloads it, so its counts are
-- what the client handled; /soakcount answers "message=N private=N notice=N ...".
local kinds = { "message", "private", "notice", "action", "join", "part", "quit", "nick", "mode", "topic" }
local counts = {}
for _, kind in ipairs(kinds) do counts[kind] = 0 end

irc.on("message", function(e)
  if e.own then return end
  if e.channel then counts.message = counts.message + 1 else counts.private = counts.private + 1 end
end)
for _, kind in ipairs({ "notice", "action", "join", "part", "quit", "nick", "mode", "topic" }) do
  irc.on(kind, function(e)
    if not e.own then counts[kind] = counts[kind] + 1 end
  end)
end

irc.add_command("soakcount", function()
  local parts = {}
  for _, kind in ipairs(kinds) do parts[#parts + 1] = kind .. "=" .. counts[kind] end
  return table.concat(parts, " ")
end, "Says how many events of each kind soak_count.lua has seen")

return { name = "soak_count", version = "1.0.0", description = "Counts the soak's events by kind" }
