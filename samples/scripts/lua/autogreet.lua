local script = { name = "AutoGreet", version = "1.0.0", author = "RustIrc User", description = "Greet users who join" }
function on_join(event)
  if event.nick == irc.my_nick() then return end
  for _, chan in ipairs({"#welcome", "#help"}) do
    if event.channel == chan then irc.privmsg(event.channel, string.format("Welcome to %s, %s!", event.channel, event.nick)) break end
  end
end
irc.on("join", on_join)
irc.add_command("greet", function(args) irc.privmsg(irc.current_channel(), string.format("Hello, %s!", args[1] or "everyone")) end, "Greet someone")
return script
