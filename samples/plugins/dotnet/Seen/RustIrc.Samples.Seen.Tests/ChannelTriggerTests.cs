using RustIrc.Sdk.Testing;
using static RustIrc.Samples.Seen.Tests.SeenPlugin;

namespace RustIrc.Samples.Seen.Tests;

/// <summary><c>!seen NICK</c> said in a channel, with and without permission to answer there.</summary>
public sealed class ChannelTriggerTests
{
    private const string GrantHint = "/module grant seen irc.send";

    [Fact]
    public async Task BangSeen_InAChannel_AnsweredInThatChannel()
    {
        await using var host = await StartAsync();
        await host.Server.PrivmsgAsync("alice", Room, "hello");

        await host.Server.PrivmsgAsync("bob", Room, "!seen alice");

        await host.Server.WaitForLineAsync(l => l == "PRIVMSG #room :alice was last seen just now in #room, saying: hello", what: "seen answers in #room");
    }

    [Fact]
    public async Task BangSeen_UnknownNick_AnsweredNeverSeen()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("bob", Room, "!seen zed");

        await host.Server.WaitForLineAsync(l => l == "PRIVMSG #room :I have never seen zed.", what: "seen says it never saw zed");
    }

    [Fact]
    public async Task BangSeen_InAPrivateMessage_NotAnswered()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("bob", host.Server.Nick, "!seen alice");
        await host.SyncAsync();

        Assert.Empty(host.Server.Messages);
    }

    [Fact]
    public async Task BangSeen_WithoutIrcSend_AnsweredLocallyWithOneNote()
    {
        await using var host = await StartAsync(new PluginTestOptions { Withhold = ["irc.send"] });
        await host.Server.PrivmsgAsync("alice", Room, "hello");

        await host.Server.PrivmsgAsync("bob", Room, "!seen alice");
        await host.Server.PrivmsgAsync("bob", Room, "!seen zed");
        await host.SyncAsync();

        var shown = host.Printed.Where(l => l.Buffer == RoomBuffer && l.Text.StartsWith("seen: ", StringComparison.Ordinal)).Select(l => l.Text).ToArray();
        Assert.Contains("seen: alice was last seen just now in #room, saying: hello", shown);
        Assert.Contains("seen: I have never seen zed.", shown);
        Assert.Single(shown, t => t.Contains(GrantHint, StringComparison.Ordinal));
        Assert.Empty(host.Server.Messages);
        Assert.Empty(host.Denials);
    }
}
