using System.Text.RegularExpressions;
using RustIrc.Integration.Tests.Infrastructure;

namespace RustIrc.Integration.Tests;

/// <summary>
/// The full-screen terminal UI as a person uses it: the real <c>rustirc --tui</c> in tmux, against the real
/// InspIRCd, with a second client on the channels.
/// </summary>
public sealed class TerminalUiTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Tui_TwoChannels_ShowsColoursSwitchesBuffersCompletesNicksAndRecallsLines()
    {
        var (a, b) = (Names.Channel("tuia"), Names.Channel("tuib"));
        var me = Names.Nick("me");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("human"));
        await peer.JoinAsync(a);
        await peer.JoinAsync(b);
        // No --tui: on a terminal the default composition runs the full-screen UI.
        await using var tui = TmuxTerminal.Start(["--no-hot-reload", "--connect", $"net=irc://127.0.0.1:{server.Port}/{a},{b}", "--nick", me]);
        await peer.WaitForAsync("JOIN", l => l.Nick == me && l[0] == b, what: $"{me} joined {b}");

        // Alt and a number switch to that buffer; the status line and the nick list follow.
        var numberOfA = BufferNumber(tui, $"net/{a}");
        tui.Keys($"M-{numberOfA}");
        tui.WaitForRow(row => row.Contains($"[{numberOfA}:net/{a}]", StringComparison.Ordinal), "the status line naming the first channel");
        tui.WaitForRow(row => row.TrimEnd().EndsWith(peer.Nick, StringComparison.Ordinal) || row.Contains(" " + peer.Nick + " ", StringComparison.Ordinal), "the peer in the nick list");

        // The topic stands on the top row.
        await peer.SendAsync($"TOPIC {a} :plugins all the way down");
        Assert.StartsWith("plugins all the way down", tui.WaitFor(row => row.StartsWith("plugins all the way down", StringComparison.Ordinal), "the topic on the top row")[0]);

        // mIRC colours and bold are drawn as the terminal's own.
        await peer.SendAsync($"PRIVMSG {a} :\u000304red\u0003 and \u0002bold\u0002 text");
        var coloured = tui.WaitFor(row => row.Contains("bold", StringComparison.Ordinal), "the coloured message", colours: true)
            .First(row => row.Contains("bold", StringComparison.Ordinal));
        Assert.Contains("\e[38;5;9mred", coloured);
        Assert.Matches(new Regex(@"\e\[1m(\e\[[0-9;]*m)*bold"), coloured);
        Assert.DoesNotContain("04red", coloured);

        // /buffer with a channel's name, then Tab completes the peer's nick at the start of the line.
        tui.Enter($"/buffer {b}");
        var numberOfB = BufferNumber(tui, $"net/{b}");
        tui.WaitForRow(row => row.Contains($"[{numberOfB}:net/{b}]", StringComparison.Ordinal), "the status line naming the second channel");
        tui.Type(peer.Nick[..^1]);
        tui.Keys("Tab");
        tui.WaitForRow(row => row.TrimEnd() == $"[net/{b}] {peer.Nick}:", "the completed nick in the input line (tmux drops the space after it)");
        tui.Type("hello ");
        tui.Keys("C-b");
        tui.Type("there");
        tui.Keys("Enter");
        // Ctrl-B typed a bold code, which reaches the channel as such and is drawn as bold here.
        await peer.WaitForAsync("PRIVMSG", l => l[0] == b && l.Last == $"{peer.Nick}: hello \u0002there", what: "the completed line with its bold code");
        tui.WaitFor($"<{me}> {peer.Nick}: hello there");

        // Alt-Left goes to the buffer before.
        tui.Keys("M-Left");
        tui.WaitForRow(row => row.Contains($"[{numberOfB - 1}:", StringComparison.Ordinal), "the buffer before after Alt-Left");
        tui.Keys($"M-{numberOfB}");

        // Up brings the line back; an unknown buffer is refused, not created.
        tui.Keys("Up");
        tui.WaitForRow(row => row.TrimEnd() == $"[net/{b}] {peer.Nick}: hello Bthere", "the recalled line, its bold code shown as B");
        tui.Keys("C-u");
        tui.Enter("/buffer nosuch");
        tui.WaitFor("There is no buffer nosuch");
        Assert.DoesNotContain(tui.Screen(), row => Regex.IsMatch(row, @"^\s*\d+\.nosuch"));
    }

    [Fact]
    public async Task Tui_NickSaidInAnotherChannel_MarksThatBufferRingsAndCollectsTheLineInHighlights()
    {
        var (a, b) = (Names.Channel("hla"), Names.Channel("hlb"));
        var me = Names.Nick("me");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("human"));
        await peer.JoinAsync(a);
        await peer.JoinAsync(b);
        await using var tui = StartConnected(me, a, b);
        await peer.WaitForAsync("JOIN", l => l.Nick == me && l[0] == b, what: $"{me} joined {b}");
        tui.Enter($"/buffer {b}");
        tui.WaitForRow(row => row.Contains($":net/{b}]", StringComparison.Ordinal), "the second channel current");

        await peer.SendAsync($"PRIVMSG {a} :{me}: are you there?");

        // The buffer list draws the highlighted buffer bold in magenta (palette 13), and the status line lists it.
        var numberOfA = BufferNumber(tui, $"net/{a}");
        var listed = tui.WaitFor(row => row.Contains($"{numberOfA}.net/{a}", StringComparison.Ordinal) && row.Contains("38;5;13", StringComparison.Ordinal), "the highlighted buffer", colours: true);
        Assert.Contains(tui.Screen(), row => row.Contains($"[Act: {numberOfA}", StringComparison.Ordinal) || row.Contains($",{numberOfA}", StringComparison.Ordinal));
        tui.Enter($"/buffer {Sdk.Ui.IUiModel.HighlightsBuffer}");
        tui.WaitFor($"[net/{a}] <{peer.Nick}> {me}: are you there?");
        Assert.NotNull(listed);

        // /lastlog finds the line in this buffer's log (the logger module of the default composition).
        tui.Keys($"M-{numberOfA}");
        tui.WaitForRow(row => row.Contains($"[{numberOfA}:net/{a}]", StringComparison.Ordinal), "the first channel current");
        tui.Enter("/lastlog there");
        tui.WaitForRow(row => row.Contains("are you there?", StringComparison.Ordinal) && row.Contains("<" + peer.Nick + ">", StringComparison.Ordinal) && !row.Contains("[net/", StringComparison.Ordinal)
            && tui.Screen().Count(r => r.Contains("are you there?", StringComparison.Ordinal)) >= 2, "the line found by /lastlog");
    }

    [Fact]
    public async Task Tui_ResizeReloadAndQuit_RedrawsKeepsEverythingAndGivesTheTerminalBack()
    {
        var a = Names.Channel("rl");
        var me = Names.Nick("me");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("human"));
        await peer.JoinAsync(a);
        await using var tui = StartConnected(me, a);
        await peer.WaitForAsync("JOIN", l => l.Nick == me && l[0] == a, what: $"{me} joined {a}");
        tui.Enter($"/buffer {a}");
        await peer.SendAsync($"PRIVMSG {a} :before the reload");
        tui.WaitFor("before the reload");

        // A smaller window: the input line is the last row, the status line above it, nothing left over.
        tui.Resize(90, 20);
        var screen = tui.WaitFor(row => row.StartsWith($"[net/{a}]", StringComparison.Ordinal), "the input line");
        Assert.Equal(20, screen.Length - 1);
        Assert.StartsWith($"[net/{a}]", screen[19]);
        Assert.Contains($":net/{a}]", screen[18]);
        Assert.All(screen, row => Assert.True(row.TrimEnd().Length <= 90, row));
        Assert.Single(screen, row => row.Contains("before the reload", StringComparison.Ordinal));

        // /module reload tui: the same buffers and lines, and the first line after it is not lost.
        tui.Enter("/module reload tui");
        await peer.SendAsync($"PRIVMSG {a} :right after the reload");
        tui.WaitFor("right after the reload");
        screen = tui.Screen();
        Assert.Contains(screen, row => row.Contains("before the reload", StringComparison.Ordinal));
        Assert.Contains(screen, row => row.Contains($":net/{a}]", StringComparison.Ordinal));

        // /quit leaves the alternate screen and restores the terminal before the process ends.
        tui.Enter("/quit");
        var deadline = DateTime.UtcNow + TmuxTerminal.DefaultTimeout;
        while (!tui.ProcessState().Exited && DateTime.UtcNow < deadline) await Task.Delay(50);
        var (exited, how) = tui.ProcessState();
        Assert.True(exited && how is "status 0" or "status unknown", $"{how} after /quit; the screen:\n{string.Join('\n', tui.Screen())}\nstderr: {tui.StandardError}");
        Assert.DoesNotContain(tui.Screen(), row => row.Contains("before the reload", StringComparison.Ordinal));
        Assert.Empty(tui.StandardError);
    }

    [Fact]
    public async Task Tui_PasteAndPageUp_AsksBeforeManyLinesSendsPastedSlashesAsTextAndScrollsBack()
    {
        var channel = Names.Channel("paste");
        var me = Names.Nick("me");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("human"));
        await peer.JoinAsync(channel);
        await using var tui = StartConnected(me, channel);
        await peer.WaitForAsync("JOIN", l => l.Nick == me && l[0] == channel, what: $"{me} joined {channel}");
        tui.WaitForRow(row => row.StartsWith($"[net/{channel}]", StringComparison.Ordinal), "the channel current after joining");

        // Six lines ask first; Esc sends nothing.
        var six = Enumerable.Range(1, 6).Select(i => $"pasted {i}").ToArray();
        tui.Paste(string.Join('\n', six));
        tui.WaitFor($"Send 6 pasted lines to net/{channel}? Enter sends them, Esc cancels.");
        tui.Keys("Escape");
        tui.WaitForRow(row => row.TrimEnd() == $"[net/{channel}]", "the input line back without the question");
        tui.Paste(string.Join('\n', six));
        tui.WaitFor("Send 6 pasted lines");
        tui.Keys("Enter");
        var last = await peer.WaitForAsync("PRIVMSG", l => l.Last == "pasted 6", what: "the last pasted line");
        Assert.Equal(six, peer.Received("PRIVMSG").Where(l => l.Last.StartsWith("pasted", StringComparison.Ordinal)).Select(l => l.Last));

        // A pasted slash line is text, never a command.
        tui.Paste("/quit\nbye");
        await peer.WaitForAsync("PRIVMSG", l => l.Last == "bye", what: "the pasted text after /quit");
        Assert.Contains(peer.Received("PRIVMSG"), l => l.Last == "/quit");
        Assert.False(tui.ProcessState().Exited);

        // PageUp shows older lines, PageDown the newest again.
        for (var i = 1; i <= 80; i++) await peer.SendAsync($"PRIVMSG {channel} :numbered {i:00}");
        tui.WaitFor("numbered 80");
        Assert.DoesNotContain(tui.Screen(), row => row.Contains("numbered 01", StringComparison.Ordinal));
        tui.Keys("PageUp");
        tui.WaitFor(rows => !rows.Any(r => r.Contains("numbered 80", StringComparison.Ordinal)) && rows.Any(r => r.Contains("numbered 30", StringComparison.Ordinal)), "older lines after PageUp");
        tui.Keys("PageDown");
        tui.WaitFor("numbered 80");

        // Ctrl-R searches the scrollback: only the matching lines are shown until Esc.
        tui.Keys("C-r");
        tui.Type("numbered 1");
        var found = tui.WaitFor(rows => rows.Any(r => r.Contains("numbered 19", StringComparison.Ordinal)) && !rows.Any(r => r.Contains("numbered 80", StringComparison.Ordinal)), "the search's matches");
        // numbered 10 to 19 ("numbered 01" has no "numbered 1").
        Assert.Equal(10, found.Count(r => r.Contains($"<{peer.Nick}> numbered 1", StringComparison.Ordinal)));
        Assert.True(found.Any(r => r.StartsWith($"[search net/{channel}: 10 found", StringComparison.Ordinal)), string.Join("\n", found.TakeLast(3)));
        tui.Keys("Escape");
        tui.WaitFor("numbered 80");
    }

    private TmuxTerminal StartConnected(string nick, params string[] channels) =>
        TmuxTerminal.Start(["--tui", "--no-hot-reload", "--connect", $"net=irc://127.0.0.1:{server.Port}/{string.Join(',', channels)}", "--nick", nick]);

    /// <summary>The number the buffer list gives <paramref name="buffer"/>, once it shows it.</summary>
    private static int BufferNumber(TmuxTerminal tui, string buffer)
    {
        var pattern = new Regex(@"^\s*(\d+)\." + Regex.Escape(buffer) + @"(\s|$)");
        var row = tui.WaitForRow(r => pattern.IsMatch(r), $"{buffer} in the buffer list");
        return int.Parse(pattern.Match(row).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
