using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Integration.Tests;

/// <summary>
/// Losing and re-making the connection: the server goes away and comes back on the same port (the
/// client reconnects by itself and rejoins), /reconnect, and /disconnect (which must not reconnect).
/// </summary>
public abstract class ReconnectSuite(IIrcTestServer server)
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ServerRestarts_ClientWasInAChannel_ReconnectsAndRejoinsByItself()
    {
        var nick = Names.Nick("phoenix");
        var channel = Names.Channel("phoenix");
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(server, nick);
        await client.JoinAsync(network, channel);
        var beforeStop = client.EventCount;

        await server.StopAsync();
        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == network, from: beforeStop);
        var afterDrop = client.EventCount;
        await server.StartAsync();

        Assert.True(disconnected.WillReconnect, $"DisconnectedEvent said WillReconnect=false: {disconnected.Reason}");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == network, ReconnectTimeout, "we registered again", from: afterDrop);
        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == channel, ReconnectTimeout, $"we rejoined {channel}", from: afterDrop);
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("witness"));
        await peer.JoinAsync(channel);
        await client.IrcAsync(irc => irc.SendMessage(network, channel, "back again"));
        await peer.WaitForAsync("PRIVMSG", l => l.Nick == nick && l[0] == channel && l.Last == "back again");
    }

    [Fact]
    public async Task Reconnect_ClientTypesReconnect_ConnectsAgainAndRejoins()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var (client, peer, network) = (scene.Client, scene.Peer, scene.Network);
        var from = client.EventCount;
        var peerFrom = peer.LineCount;

        await client.RunAsync("/reconnect", buffer: network);

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == network, ReconnectTimeout, "we registered again", from: from);
        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == scene.ClientNick && e.Channel == scene.Channel, ReconnectTimeout,
            $"we rejoined {scene.Channel}", from: from);
        await peer.WaitForAsync("QUIT", l => l.Nick == scene.ClientNick, from: peerFrom);
        await peer.WaitForAsync("JOIN", l => l.Nick == scene.ClientNick, from: peerFrom);
    }

    [Fact]
    public async Task Disconnect_ClientTypesDisconnect_QuitsAndStaysDisconnected()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var from = scene.Client.EventCount;

        await scene.Client.RunAsync("/disconnect", buffer: scene.Network);

        await scene.Peer.WaitForAsync("QUIT", l => l.Nick == scene.ClientNick);
        var disconnected = await scene.Client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == scene.Network, from: from);
        Assert.False(disconnected.WillReconnect);
        await scene.Client.WaitForStateAsync(irc => irc.FindNetwork(scene.Network)?.State, s => s == IrcConnectionState.Disconnected,
            "the network is Disconnected");
    }
}

/// <summary>The reconnect suite against InspIRCd.</summary>
public sealed class ReconnectTests(InspIrcdServer server) : ReconnectSuite(server), IClassFixture<InspIrcdServer>;

/// <summary>The reconnect suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdReconnectTests(NgircdServer server) : ReconnectSuite(server), IClassFixture<NgircdServer>;
