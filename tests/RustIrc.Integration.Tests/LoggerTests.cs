using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using RustIrc.Host.Tests;
using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>The logger against the real server: files per channel with the server's time, /lastlog, and a client killed with SIGKILL.</summary>
public sealed partial class LoggerTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Messages_InTwoChannels_LandInEachChannelsFileStampedWithTheServerTime_AndLastLogFindsThem()
    {
        var logs = Directory.CreateTempSubdirectory("rustirc-logger-it-").FullName;
        try
        {
            await using var client = await ClientUnderTest.StartAsync(logs: logs);
            var network = await client.ConnectAsync(server, Names.Nick("logger"));
            var (one, two) = (Names.Channel("logA"), Names.Channel("logB"));
            await client.JoinAsync(network, one);
            await client.JoinAsync(network, two);
            await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("talker"));
            await peer.JoinAsync(one);
            await peer.JoinAsync(two);

            var from = client.EventCount;
            await peer.SendAsync($"PRIVMSG {one} :apples in one");
            await peer.SendAsync($"PRIVMSG {two} :pears in two");
            await peer.SendAsync($"PRIVMSG {one} :more apples");
            var last = await client.WaitForEventAsync<MessageEvent>(e => e.Text == "more apples", from: from, what: "the last message arrived");
            var said = client.Events.Skip(from).OfType<MessageEvent>().ToArray();
            Assert.All(said, e => Assert.True(e.Tags.ContainsKey("time"), $"the server sent no server-time on {e}"));

            var result = await client.RunAsync("/lastlog apples", buffer: $"{network}/{one}");
            string Logged(MessageEvent e) => $"{e.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} <{peer.Nick}> {e.Text}";
            Assert.Equal(
                ["2 lines of " + $"{network}/{one}'s logs hold \"apples\":", .. said.Where(e => e.Target == one).Select(Logged)],
                result.Replies.Select(r => r.Text));

            await client.RunAsync("/module unload logger");
            var day = last.Time.UtcDateTime.ToString("yyyy-MM-dd");
            var inOne = File.ReadAllLines(Path.Combine(logs, network, one.ToLowerInvariant(), day + ".log"));
            var inTwo = File.ReadAllLines(Path.Combine(logs, network, two.ToLowerInvariant(), day + ".log"));
            Assert.Equal(said.Where(e => e.Target == one).Select(Logged), inOne.Where(l => l.Contains($"<{peer.Nick}>")));
            Assert.Equal(said.Where(e => e.Target == two).Select(Logged), inTwo.Where(l => l.Contains($"<{peer.Nick}>")));
            Assert.Contains(inOne, l => l.EndsWith($"→ you joined {one}", StringComparison.Ordinal));
            Assert.Contains(inOne, l => l.Contains($"→ {peer.Nick} ({peer.Nick}@127.0.0.1) joined {one}"));
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    [Fact]
    public async Task KilledWithSigkill_EveryLineShownMoreThanASecondBefore_IsInTheFileWhole()
    {
        var channel = Names.Channel("kill");
        var nick = Names.Nick("victim");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("writer"));
        await peer.JoinAsync(channel);
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--connect", $"irc://127.0.0.1:{server.Port}/{channel}", "--nick", nick]);
        await peer.WaitForAsync("JOIN", l => l.Nick == nick, what: $"{nick} joined {channel}");

        // Lines for about three seconds, each noted when the client showed it; then SIGKILL at once.
        var shown = new List<(int Number, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 150; i++)
        {
            await peer.SendAsync($"PRIVMSG {channel} :line {i}");
            client.WaitFor($"<{peer.Nick}> line {i}");
            shown.Add((i, clock.Elapsed));
            await Task.Delay(20);
        }
        Assert.Equal(0, Kill(client.Id, 9));
        var killedAt = clock.Elapsed;
        client.WaitForExit();

        var folder = Path.Combine(client.DataDirectory, "logs", "127.0.0.1", channel.ToLowerInvariant());
        var text = string.Concat(Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the file ends in the middle of a line");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(StampedLine(), l));
        var logged = lines.Select(l => LineNumber().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        var due = shown.Where(s => killedAt - s.At > TimeSpan.FromSeconds(1.2)).Select(s => s.Number).ToArray();
        Assert.True(due.Length > 50, $"only {due.Length} lines were shown over a second before the kill");
        Assert.Equal(due, logged.Take(due.Length));
        Assert.Equal(logged.Order(), logged); // in order, none twice
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S")]
    private static partial Regex StampedLine();

    [GeneratedRegex(@"^\S+ \S+ <[^>]+> line (\d+)$")]
    private static partial Regex LineNumber();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
