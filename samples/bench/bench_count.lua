-- The flood harness's counting script (shared/bench): counts the PRIVMSGs to #bench and, when
-- "!bench-count" arrives from bench!bench@bench.server, writes the count to COUNT_FILE. The harness's
-- --setup puts the real path in place of COUNT_FILE and grants file_write to the run's home folder.
local count_file = "COUNT_FILE"
local count = 0
irc.on("message", function(event)
  if event.channel ~= "#bench" then return end
  if event.text == "!bench-count" and event.nick == "bench" then
    local f = assert(io.open(count_file, "w"))
    f:write(tostring(count))
    f:close()
  else
    count = count + 1
  end
end)
return { name = "bench_count", version = "1.0.0", description = "Counts flood messages for the benchmark harness", permissions = { "file_write" } }
