using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>The server goes away and comes back on the same port: the client notices, reconnects by itself and rejoins.</summary>
public sealed class ReconnectTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
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
}
