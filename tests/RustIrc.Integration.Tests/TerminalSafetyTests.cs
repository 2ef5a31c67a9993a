using RustIrc.Host.Tests;
using RustIrc.Integration.Tests.Infrastructure;

namespace RustIrc.Integration.Tests;

/// <summary>
/// IRC text from another user, through a real server, never controls the terminal of the real client:
/// escape sequences, C1 controls and mIRC formatting in a channel message, with and without colours.
/// </summary>
public sealed class TerminalSafetyTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    // Clear screen, window title, a C1 CSI (U+009B) with its parameters, bell, red on black, bold and reset.
    private const string Hostile = "A \u001B[2JB \u001B]0;owned\u0007C \u009B31mD\u0007 \u000304,01red\u000F \u0002bold\u0002 end";

    [Theory]
    [InlineData("never", "A B C D red bold end")]
    [InlineData("always", "A B C D \u001B[0;91;40mred\u001B[0m \u001B[0;1mbold\u001B[0m end")]
    public async Task ChannelMessage_WithEscapesAndIrcFormatting_ShownCleanedOrInColour(string color, string shown)
    {
        var channel = Names.Channel("term");
        var nick = Names.Nick("term");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("hostile"));
        await peer.JoinAsync(channel);
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--color", color, "--connect", $"irc://127.0.0.1:{server.Port}/{channel}", "--nick", nick]);
        await peer.WaitForAsync("JOIN", l => l.Nick == nick, what: $"{nick} joined {channel}");

        await peer.SendAsync($"PRIVMSG {channel} :{Hostile}");

        var line = client.WaitFor(l => l.Contains($"<{peer.Nick}>") && l.Contains("end"));
        Assert.Equal($"[127.0.0.1/{channel}] <{peer.Nick}> {shown}", line);
        client.Send("/quit");
        client.WaitForExit();
    }
}
