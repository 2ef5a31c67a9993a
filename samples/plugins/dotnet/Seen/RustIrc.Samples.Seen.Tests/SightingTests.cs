using System.Globalization;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Testing;
using static RustIrc.Samples.Seen.Tests.SeenPlugin;

namespace RustIrc.Samples.Seen.Tests;

/// <summary>What the plugin remembers of each IRC event, and how /seen says it.</summary>
public sealed class SightingTests
{
    private const string UserHost = MemoryIrcServer.UserHost;

    [Fact]
    public async Task Seen_AfterAChannelMessage_SaysWhereAndWhat()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("alice", Room, "hello there");

        Assert.Equal("alice was last seen just now in #room, saying: hello there", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_AfterAnAction_ShowsIt()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("alice", Room, "\u0001ACTION waves\u0001");

        Assert.Equal("alice was last seen just now in #room: * alice waves", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_AfterAJoin_SaysWhichChannel()
    {
        await using var host = await StartAsync();

        await host.Server.JoinAsync("carol", Room);

        Assert.Equal("carol was last seen just now joining #room.", await host.SeenAsync("carol"));
    }

    [Fact]
    public async Task Seen_AfterAPart_SaysTheChannelAndReason()
    {
        await using var host = await StartAsync();

        await host.Server.PartAsync("bob", Room, "off to lunch");
        await host.Server.PartAsync("alice", Room);

        Assert.Equal("bob was last seen just now leaving #room (off to lunch).", await host.SeenAsync("bob"));
        Assert.Equal("alice was last seen just now leaving #room.", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_AfterAQuit_SaysTheReason()
    {
        await using var host = await StartAsync();

        await host.Server.QuitAsync("alice", "Ping timeout");

        Assert.Equal("alice was last seen just now quitting (Ping timeout).", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_AfterANickChange_BothNicksKnowTheOther()
    {
        await using var host = await StartAsync();

        await host.Server.SendAsync($":alice!{UserHost} NICK alicia");

        Assert.Equal("alice was last seen just now changing nick to alicia.", await host.SeenAsync("alice"));
        Assert.Equal("alicia was last seen just now changing nick from alice.", await host.SeenAsync("alicia"));
    }

    [Fact]
    public async Task Seen_UnknownNick_SaysNeverSeen()
    {
        await using var host = await StartAsync();

        Assert.Equal("I have never seen zed.", await host.SeenAsync("zed"));
    }

    [Fact]
    public async Task Seen_PrivateMessage_IsNotRemembered()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("carol", host.Server.Nick, "a secret");

        Assert.Equal("I have never seen carol.", await host.SeenAsync("carol"));
    }

    [Fact]
    public async Task Seen_ServerTimeHoursAgo_SaysHowLongAgo()
    {
        await using var host = await StartAsync();
        var then = DateTimeOffset.UtcNow - new TimeSpan(3, 5, 20);

        await host.Server.SendAsync($"@time={then.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} :alice!{UserHost} PRIVMSG {Room} :old news");

        Assert.Equal("alice was last seen 3 hours 5 minutes ago in #room, saying: old news", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_LaterEvent_ReplacesTheEarlierOne()
    {
        await using var host = await StartAsync();

        await host.Server.PrivmsgAsync("alice", Room, "first");
        await host.Server.PartAsync("alice", Room, "bye");

        Assert.Equal("alice was last seen just now leaving #room (bye).", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Seen_Rfc1459Network_BracketsAndBracesAreOneNick()
    {
        await using var host = await StartAsync(); // the in-memory server announces CASEMAPPING=rfc1459

        await host.Server.PrivmsgAsync("Nick[a]", Room, "hi");

        Assert.Equal("Nick[a] was last seen just now in #room, saying: hi", await host.SeenAsync("nick{A}"));
    }

    [Fact]
    public async Task Seen_AsciiNetwork_BracketsAndBracesAreTwoNicks()
    {
        await using var host = await StartAsync();
        await host.Server.SendAsync($":{MemoryIrcServer.ServerName} 005 {host.Server.Nick} CASEMAPPING=ascii :are supported by this server");

        await host.Server.PrivmsgAsync("Nick[a]", Room, "hi");

        Assert.Equal("I have never seen nick{a}.", await host.SeenAsync("nick{a}"));
        Assert.Equal("Nick[a] was last seen just now in #room, saying: hi", await host.SeenAsync("NICK[A]"));
    }

    [Fact]
    public async Task Seen_WithoutANick_FailsWithUsage()
    {
        await using var host = await StartAsync();

        var result = await host.RunAsync("/seen", RoomBuffer);

        Assert.Equal(CommandOutcome.Failed, result.Outcome);
        Assert.StartsWith("Usage: /seen NICK", result.Text);
    }

    [Fact]
    public async Task Seen_InTheStatusBuffer_FailsSayingWhereToTypeIt()
    {
        await using var host = await StartAsync();

        var result = await host.RunAsync("/seen alice", "status");

        Assert.Equal(CommandOutcome.Failed, result.Outcome);
        Assert.Equal("/seen looks on one network: type it in that network's buffer or in one of its channels.", result.Text);
    }
}
