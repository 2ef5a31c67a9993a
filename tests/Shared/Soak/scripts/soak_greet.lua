-- soak_greet.lua: autogreet.lua's job under a flood: greets who joins #soak, at most once in 5 s so the
-- answers stay within the server's flood limits; reloaded by the soak every few seconds.
local last = 0
local greeted = 0
irc.on("join", function(e)
  if e.channel ~= "#soak" or e.nick == irc.my_nick() then return end
  if e.time - last < 5 then return end
  last = e.time
  greeted = greeted + 1
  irc.privmsg(e.channel, string.format("Welcome to %s, %s!", e.channel, e.nick))
end)
irc.add_command("soakgreet", function() return "greeted " .. greeted end, "Says how many soak_greet.lua greeted since it was loaded")
return { name = "soak_greet", version = "1.0.0", description = "Greets who joins #soak, sparingly" }
