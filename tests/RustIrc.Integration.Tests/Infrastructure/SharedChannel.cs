namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// The usual scene: the client under test and a peer, each with a fresh nick, on one fresh channel of
/// the test server. Whoever joins first is the channel operator. Disposing it disconnects both.
/// </summary>
public sealed class SharedChannel : IAsyncDisposable
{
    private SharedChannel(ClientUnderTest client, IrcPeer peer, string network, string channel, string clientNick)
    {
        Client = client;
        Peer = peer;
        Network = network;
        Channel = channel;
        ClientNick = clientNick;
    }

    public ClientUnderTest Client { get; }

    public IrcPeer Peer { get; }

    /// <summary>The network's name in the client (<c>test</c>).</summary>
    public string Network { get; }

    public string Channel { get; }

    public string ClientNick { get; }

    /// <summary>The channel's buffer in the UI model: <c>network/#channel</c>.</summary>
    public string ChannelBuffer => $"{Network}/{Channel}";

    /// <summary>Connects both, joins both (the peer first when <paramref name="peerIsOperator"/>), and waits until each has seen the other join.</summary>
    public static async Task<SharedChannel> StartAsync(IIrcTestServer server, bool peerIsOperator = false)
    {
        var channel = Names.Channel("chan");
        var clientNick = Names.Nick("rusty");
        var client = await ClientUnderTest.StartAsync();
        // InspIRCd holds every registration for about a second: register both at the same time.
        var registering = IrcPeer.ConnectAsync(server, Names.Nick("peer"));
        try
        {
            var network = await client.ConnectAsync(server, clientNick);
            var peer = await registering;
            if (peerIsOperator)
            {
                await peer.JoinAsync(channel);
                var from = peer.LineCount;
                await client.JoinAsync(network, channel);
                await peer.WaitForAsync("JOIN", l => l.Nick == clientNick, from: from, what: $"{clientNick} joined {channel}");
            }
            else
            {
                await client.JoinAsync(network, channel);
                var from = client.EventCount;
                await peer.JoinAsync(channel);
                await client.WaitForEventAsync<Sdk.Events.JoinEvent>(e => e.Nick == peer.Nick, from: from, what: $"{peer.Nick} joined {channel}");
            }
            return new SharedChannel(client, peer, network, channel, clientNick);
        }
        catch
        {
            try
            {
                await (await registering).DisposeAsync();
            }
            finally
            {
                await client.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await Client.DisposeAsync();
    }
}
