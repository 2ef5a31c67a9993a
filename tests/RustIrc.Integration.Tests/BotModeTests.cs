using System.Runtime.InteropServices;
using RustIrc.Host.Tests;
using RustIrc.Integration.Tests.Infrastructure;

namespace RustIrc.Integration.Tests;

/// <summary>The real <c>rustirc</c> process as a bot: <c>--connect</c> and <c>--nick</c> on the command line, no input.</summary>
public sealed class BotModeTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Connect_OnTheCommandLineWithInputClosed_StaysOnTheChannelAndQuitsCleanlyOnSigterm()
    {
        var channel = Names.Channel("#bot".TrimStart('#'));
        var nick = Names.Nick("bot");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("human"));
        await peer.JoinAsync(channel);

        await using var bot = RustIrcProcess.Start(["--no-hot-reload", "--connect", $"irc://127.0.0.1:{server.Port}/{channel}", "--nick", nick]);
        bot.CloseInput(); // a bot has no terminal: the end of input must not end it

        await peer.WaitForAsync("JOIN", l => l.Nick == nick, what: $"{nick} joined {channel}");
        await peer.SendAsync($"PRIVMSG {channel} :hello bot");
        bot.WaitFor($"[127.0.0.1/{channel}] <{peer.Nick}> hello bot");
        Assert.False(bot.HasExited, "the bot exited when its input ended");

        Assert.Equal(0, Kill(bot.Id, 15));
        Assert.Equal(0, bot.WaitForExit());
        var quit = await peer.WaitForAsync("QUIT", l => l.Nick == nick, what: $"{nick} quit");
        Assert.Contains("RustIrc", quit.Last);
    }

    [Fact]
    public async Task Connect_BadUrlOnTheCommandLine_SaysWhatIsWrongAndRunsWithoutIt()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--connect", "irc://127.0.0.1:99999/#x", "--nick", Names.Nick("bad")]);

        client.WaitFor("RustIrc ready");
        client.WaitFor("error: --connect irc://127.0.0.1:99999/#x: '99999' is not a port number (1-65535)");
        client.CloseInput();
        Assert.Equal(0, client.WaitForExit()); // no network to stay on: the end of input ends it
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
