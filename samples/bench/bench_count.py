"""The flood harness's counting script, in Python (shared/bench): counts the PRIVMSGs to #bench and, when
"!bench-count" arrives from bench!bench@bench.server, writes the count to the file named below. The
harness's --setup puts the real path there and grants file_write to the run's home folder."""
import irc

__version__ = "1.0.0"
__description__ = "Counts flood messages for the benchmark harness"
__permissions__ = ["file_write"]

count_file = "COUNT_FILE"
count = 0


def count_message(event):
    global count
    if event.channel != "#bench":
        return
    if event.text == "!bench-count" and event.nick == "bench":
        with open(count_file, "w") as f:
            f.write(str(count))
    else:
        count += 1


irc.on("message", count_message)
