using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>Channel life on the real server: joining, topics, members and their prefixes, modes, kicks, parting.</summary>
public abstract class ChannelSuite(IIrcTestServer server)
{
    [Fact]
    public async Task Join_TwoChannelsCommaSeparated_JoinsBothAndOpensABufferForEach()
    {
        var (first, second) = (Names.Channel("one"), Names.Channel("two"));
        var nick = Names.Nick("multi");
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(server, nick);

        await client.RunAsync($"/join {first},{second}", buffer: network);

        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == first, what: $"we joined {first}");
        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == second, what: $"we joined {second}");
        var channels = await client.WaitForStateAsync(irc => irc.Channels(network), c => c.Count == 2, "we are on two channels");
        Assert.Equal([first, second], channels.Select(c => c.Name).Order());
        var buffers = await client.BufferNamesAsync();
        Assert.Contains($"{network}/{first}", buffers);
        Assert.Contains($"{network}/{second}", buffers);
    }

    [Fact]
    public async Task Members_PeerJoinedFirst_ShowsTheOperatorPrefixOnThePeerOnly()
    {
        await using var scene = await SharedChannel.StartAsync(server, peerIsOperator: true);

        var members = await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel), m => m.Count == 2, "the channel has two members");

        Assert.Equal("@", Assert.Single(members, m => m.Nick == scene.Peer.Nick).Prefixes);
        Assert.Equal("", Assert.Single(members, m => m.Nick == scene.ClientNick).Prefixes);
        var channel = Assert.Single(await scene.Client.IrcAsync(irc => irc.Channels(scene.Network)));
        Assert.Equal(2, channel.MemberCount);
    }

    [Fact]
    public async Task Topic_ClientTypesTopic_PeerSeesItAndTheChannelReportsIt()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var from = scene.Client.EventCount;

        await scene.Client.RunAsync($"/topic {scene.Channel} Release on Friday → 🚀", buffer: scene.ChannelBuffer);

        var line = await scene.Peer.WaitForAsync("TOPIC", l => l.Nick == scene.ClientNick);
        Assert.Equal("Release on Friday → 🚀", line.Last);
        var topic = await scene.Client.WaitForEventAsync<TopicEvent>(from: from);
        Assert.Equal(scene.Channel, topic.Channel);
        Assert.Equal("Release on Friday → 🚀", topic.Topic);
        var channel = await scene.Client.WaitForStateAsync(irc => irc.Channels(scene.Network).SingleOrDefault(),
            c => c?.Topic == "Release on Friday → 🚀", "the channel's topic is the new one");
        Assert.Equal(scene.ClientNick, channel!.TopicSetBy?.Split('!')[0]);
    }

    [Fact]
    public async Task Topic_PeerSetsIt_ClientPublishesTopicEventFromThePeer()
    {
        await using var scene = await SharedChannel.StartAsync(server, peerIsOperator: true);

        await scene.Peer.SendAsync($"TOPIC {scene.Channel} :set by the peer");

        var topic = await scene.Client.WaitForEventAsync<TopicEvent>(e => e.Topic == "set by the peer");
        Assert.Equal(scene.Peer.Nick, topic.Nick);
        Assert.Equal(scene.Channel, topic.Channel);
        await scene.Client.WaitForStateAsync(irc => irc.Channels(scene.Network).SingleOrDefault()?.Topic, t => t == "set by the peer", "the channel's topic changed");
    }

    [Fact]
    public async Task Mode_ClientOpsThePeer_PeerSeesTheModeAndMembersShowItsPrefix()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var from = scene.Client.EventCount;

        await scene.Client.RunAsync($"/mode {scene.Channel} +o {scene.Peer.Nick}", buffer: scene.ChannelBuffer);

        var line = await scene.Peer.WaitForAsync("MODE", l => l.Nick == scene.ClientNick);
        Assert.Equal([scene.Channel, "+o", scene.Peer.Nick], line.Parameters);
        var mode = await scene.Client.WaitForEventAsync<ModeEvent>(e => e.Target == scene.Channel, from: from);
        Assert.Equal("+o", mode.Modes);
        Assert.Equal([scene.Peer.Nick], mode.Arguments);
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).SingleOrDefault(m => m.Nick == scene.Peer.Nick)?.Prefixes,
            p => p == "@", $"{scene.Peer.Nick} has the @ prefix");
    }

    [Fact]
    public async Task Kick_PeerIsOperatorAndKicksTheClient_ClientPublishesKickAndLeavesTheChannel()
    {
        await using var scene = await SharedChannel.StartAsync(server, peerIsOperator: true);

        await scene.Peer.SendAsync($"KICK {scene.Channel} {scene.ClientNick} :behave");

        var kick = await scene.Client.WaitForEventAsync<KickEvent>();
        Assert.Equal(scene.Peer.Nick, kick.Nick);
        Assert.Equal(scene.ClientNick, kick.KickedNick);
        Assert.Equal(scene.Channel, kick.Channel);
        Assert.Equal("behave", kick.Reason);
        await scene.Client.WaitForStateAsync(irc => irc.Channels(scene.Network), c => c.Count == 0, "we are on no channel any more");
    }

    [Fact]
    public async Task Kick_ClientIsOperatorAndTypesKick_PeerIsKicked()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/kick {scene.Peer.Nick} out you go", buffer: scene.ChannelBuffer);

        var line = await scene.Peer.WaitForAsync("KICK", l => l.Nick == scene.ClientNick);
        Assert.Equal([scene.Channel, scene.Peer.Nick, "out you go"], line.Parameters);
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel), m => m.Count == 1, "only we are left in the channel");
    }

    [Fact]
    public async Task Part_ClientTypesPartInChannelBuffer_PeerSeesThePartAndTheChannelIsGone()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/part", buffer: scene.ChannelBuffer);

        var line = await scene.Peer.WaitForAsync("PART", l => l.Nick == scene.ClientNick);
        Assert.Equal(scene.Channel, line[0]);
        await scene.Client.WaitForEventAsync<PartEvent>(e => e.Nick == scene.ClientNick && e.Channel == scene.Channel);
        await scene.Client.WaitForStateAsync(irc => irc.Channels(scene.Network), c => c.Count == 0, "we are on no channel any more");
    }

    [Fact]
    public async Task Part_PeerLeavesWithReason_ClientPublishesPartAndDropsTheMember()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"PART {scene.Channel} :lunch");

        var part = await scene.Client.WaitForEventAsync<PartEvent>(e => e.Nick == scene.Peer.Nick);
        Assert.Equal(scene.Channel, part.Channel);
        Assert.Equal("lunch", part.Reason);
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).Select(m => m.Nick).ToArray(),
            m => m.SequenceEqual([scene.ClientNick]), "only we are left in the channel");
    }

    [Fact]
    public async Task Join_ChannelAlreadyHasATopic_ChannelReportsItAfterJoining()
    {
        var (peer, channel) = await PeerPreparedChannelAsync("topical", (channel, _) => $"TOPIC {channel} :was here before you");
        await using var _ = peer;
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(server, Names.Nick("late"));

        await client.JoinAsync(network, channel);

        var topic = await client.WaitForEventAsync<TopicEvent>(e => e.Channel == channel);
        Assert.Equal("was here before you", topic.Topic);
        await client.WaitForStateAsync(irc => irc.Channels(network).SingleOrDefault()?.Topic, t => t == "was here before you", "the channel's topic is known");
    }

    [Fact]
    public async Task Join_ChannelWithAKey_JoinsWhenTheKeyIsGiven()
    {
        var (peer, channel) = await PeerPreparedChannelAsync("locked", (channel, _) => $"MODE {channel} +k sesame");
        await using var _ = peer;
        var nick = Names.Nick("keyed");
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(server, nick);

        await client.RunAsync($"/join {channel} sesame", buffer: network);

        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == channel, what: $"we joined {channel}");
        await peer.WaitForAsync("JOIN", l => l.Nick == nick);
    }

    [Fact]
    public async Task Members_PeerHasOpAndVoice_ShowsBothPrefixesHighestFirst()
    {
        var (peer, channel) = await PeerPreparedChannelAsync("prefixes", (channel, nick) => $"MODE {channel} +v {nick}");
        await using var _ = peer;
        await using var client = await ClientUnderTest.StartAsync();
        var network = await client.ConnectAsync(server, Names.Nick("seer"));

        await client.JoinAsync(network, channel);

        var members = await client.WaitForStateAsync(irc => irc.Members(network, channel), m => m.Count == 2, "the channel has two members");
        Assert.Equal("@+", Assert.Single(members, m => m.Nick == peer.Nick).Prefixes);
    }

    /// <summary>
    /// A fresh channel the peer created (so it is operator) and changed with one command, given the
    /// channel and its own nick, before the client arrives; waits until the server confirmed the change.
    /// </summary>
    private async Task<(IrcPeer Peer, string Channel)> PeerPreparedChannelAsync(string name, Func<string, string, string> change)
    {
        var channel = Names.Channel(name);
        var peer = await IrcPeer.ConnectAsync(server, Names.Nick("peer"));
        await peer.JoinAsync(channel);
        var line = change(channel, peer.Nick);
        await peer.SendAsync(line);
        await peer.WaitForAsync(IrcLine.Parse(line).Command, l => l[0] == channel, what: $"the server applied '{line}'");
        return (peer, channel);
    }
}

/// <summary>The channel suite against InspIRCd.</summary>
public sealed class ChannelTests(InspIrcdServer server) : ChannelSuite(server), IClassFixture<InspIrcdServer>;

/// <summary>The channel suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdChannelTests(NgircdServer server) : ChannelSuite(server), IClassFixture<NgircdServer>;
