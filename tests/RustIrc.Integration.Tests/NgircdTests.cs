using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// ngIRCd offers multi-prefix and no other IRCv3 capability: no message-tags, server-time, echo-message,
/// labeled-response or SASL. The client must do without them quietly: no error lines, its own messages
/// shown once, times from the local clock, and SASL skipped with a warning instead of a hang.
/// The channel, conversation, user, operator, registration and reconnect suites also run here (Ngircd*Tests).
/// </summary>
public sealed class NgircdTests(NgircdServer server) : IClassFixture<NgircdServer>
{
    [Fact]
    public async Task Connect_ServerOffersOnlyMultiPrefix_NegotiatesItAndPrintsNoError()
    {
        await using var client = await ClientUnderTest.StartAsync();

        var network = await client.ConnectAsync(server, Names.Nick("plainold"));
        await client.JoinAsync(network, Names.Channel("plain"));

        var info = await client.IrcAsync(irc => irc.FindNetwork(network));
        Assert.Equal(["multi-prefix"], info?.Capabilities);
        Assert.Equal("TestNet", info?.NetworkName);
        Assert.DoesNotContain(client.Events.OfType<LinePrintedEvent>(), e => e.Kind == LineKind.Error);
    }

    [Fact]
    public async Task TypedText_NoEchoMessage_ShownOnceAsOwn()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.TypeAsync(scene.ChannelBuffer, "said only once");
        await scene.Peer.WaitForAsync("PRIVMSG", l => l.Last == "said only once");
        // The server keeps order: once the peer's answer is in, an echo of ours would have been too.
        await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :heard you");
        await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == "heard you");

        var lines = await scene.Client.BufferLinesAsync(scene.ChannelBuffer);
        Assert.Single(lines, l => l.Contains("said only once"));
        var own = Assert.Single(scene.Client.Events.OfType<MessageEvent>(), e => e.Text == "said only once");
        Assert.True(own.IsOwn);
        Assert.DoesNotContain(scene.Client.Events.OfType<LinePrintedEvent>(), e => e.Kind == LineKind.Error);
    }

    [Fact]
    public async Task Privmsg_NoServerTime_StampedWithTheLocalClock()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var before = DateTimeOffset.UtcNow;

        await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :what time is it");

        var message = await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == "what time is it");
        var after = DateTimeOffset.UtcNow;
        var raw = await scene.Client.WaitForEventAsync<RawLineEvent>(e => !e.Outgoing && e.Line.EndsWith(":what time is it", StringComparison.Ordinal));
        Assert.StartsWith(":", raw.Line); // no tags: the time can only be ours
        Assert.InRange(message.Time, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Connect_SaslAskedForButNotOffered_SaysSoAndRegistersWithoutAnAccount()
    {
        var nick = Names.Nick("nosasl");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name ng --nick {nick} --sasl {nick}:secret-pass 127.0.0.1:{server.Port}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "ng");
        Assert.Equal(nick, connected.OwnNick);
        Assert.Null((await client.IrcAsync(irc => irc.FindNetwork("ng")))?.Account);
        Assert.Contains(await client.BufferLinesAsync("ng"), l => l.Contains("does not offer SASL", StringComparison.Ordinal));
        Assert.DoesNotContain(client.Events.OfType<RawLineEvent>(), e => e.Outgoing && e.Line.StartsWith("AUTHENTICATE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_PlusChannelTypedWhileConnecting_JoinsThatChannelNotAHashOne()
    {
        var nick = Names.Nick("modeless");
        var channel = "+" + Names.Channel("modeless")[1..];
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name ng --nick {nick} 127.0.0.1:{server.Port}");
        await client.RunAsync($"/join {channel}", buffer: "ng");

        var joined = await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick, what: $"we joined {channel}");
        Assert.Equal(channel, joined.Channel);
        Assert.Contains($"ng/{channel}", await client.BufferNamesAsync());
    }
}
