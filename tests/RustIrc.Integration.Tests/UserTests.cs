using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>What users do to themselves and each other: nick changes, quitting, whois, away, invites, raw lines.</summary>
public abstract class UserSuite(IIrcTestServer server)
{
    [Fact]
    public async Task Nick_ClientTypesNick_PeerSeesTheChangeAndTheNetworkReportsTheNewNick()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var newNick = Names.Nick("renamed");

        await scene.Client.RunAsync($"/nick {newNick}", buffer: scene.Network);

        var line = await scene.Peer.WaitForAsync("NICK", l => l.Nick == scene.ClientNick);
        Assert.Equal(newNick, line.Last);
        var change = await scene.Client.WaitForEventAsync<NickChangeEvent>();
        Assert.Equal(scene.ClientNick, change.Nick);
        Assert.Equal(newNick, change.NewNick);
        await scene.Client.WaitForStateAsync(irc => irc.FindNetwork(scene.Network)?.Nick, n => n == newNick, $"our nick is {newNick}");
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).Select(m => m.Nick).Order().ToArray(),
            m => m.SequenceEqual(new[] { newNick, scene.Peer.Nick }.Order()), "the member list has the new nick");
    }

    [Fact]
    public async Task Nick_PeerChangesNick_ClientPublishesNickChangeAndRenamesTheMember()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var newNick = Names.Nick("peerish");

        await scene.Peer.SendAsync($"NICK {newNick}");

        var change = await scene.Client.WaitForEventAsync<NickChangeEvent>(e => e.Nick == scene.Peer.Nick);
        Assert.Equal(newNick, change.NewNick);
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).Any(m => m.Nick == newNick), found => found,
            $"{newNick} is a member");
    }

    [Fact]
    public async Task Quit_PeerQuits_ClientPublishesQuitWithTheReasonAndDropsTheMember()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync("QUIT :off to bed");

        var quit = await scene.Client.WaitForEventAsync<QuitEvent>(e => e.Nick == scene.Peer.Nick);
        Assert.Contains("off to bed", quit.Reason);
        await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).Count, c => c == 1, "only we are left in the channel");
    }

    [Fact]
    public async Task Quit_ClientTypesQuitWithMessage_PeerSeesTheQuitWithIt()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/quit see you tomorrow", buffer: scene.Network);
        // The host stops the kernel when a quit asks the client to exit; do what it does.
        if (await Task.WhenAny(scene.Client.Kernel.ExitRequested, Task.Delay(500)) == scene.Client.Kernel.ExitRequested)
        {
            await scene.Client.Kernel.StopAsync();
        }

        var line = await scene.Peer.WaitForAsync("QUIT", l => l.Nick == scene.ClientNick);
        Assert.Contains("see you tomorrow", line.Last);
    }

    [Fact]
    public async Task Whois_ClientAsksAboutThePeer_ClientReceivesTheWhoisReply()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var from = scene.Client.EventCount;

        await scene.Client.RunAsync($"/whois {scene.Peer.Nick}", buffer: scene.Network);

        var reply = await scene.Client.WaitForEventAsync<NumericEvent>(e => e.Code == 311, from: from, what: "WHOIS user reply (311) arrived");
        Assert.Equal(scene.Peer.Nick, reply.Parameters[1]);
        Assert.Equal(server.IdentPrefix + scene.Peer.Nick, reply.Parameters[2]);
        Assert.Equal("127.0.0.1", reply.Parameters[3]);
    }

    [Fact]
    public async Task Away_ClientSetsAwayThenComesBack_NetworkReportsItAndPeersWhoisShowsIt()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/away gone fishing", buffer: scene.Network);
        await scene.Client.WaitForStateAsync(irc => irc.FindNetwork(scene.Network)?.Away, a => a == true, "we are away");
        var from = scene.Peer.LineCount;
        await scene.Peer.SendAsync($"WHOIS {scene.ClientNick}");
        var away = await scene.Peer.WaitForAsync("301", from: from, what: "WHOIS says the client is away (301)");
        await scene.Client.RunAsync("/away", buffer: scene.Network);

        Assert.Equal("gone fishing", away.Last);
        await scene.Client.WaitForStateAsync(irc => irc.FindNetwork(scene.Network)?.Away, a => a == false, "we are back");
    }

    [Fact]
    public async Task Invite_ClientInvitesThePeer_PeerReceivesTheInvite()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var other = Names.Channel("invite");
        await scene.Client.JoinAsync(scene.Network, other);

        await scene.Client.RunAsync($"/invite {scene.Peer.Nick} {other}", buffer: scene.Network);

        var line = await scene.Peer.WaitForAsync("INVITE", l => l.Nick == scene.ClientNick);
        Assert.Equal([scene.Peer.Nick, other], line.Parameters);
    }

    [Fact]
    public async Task Raw_ClientTypesRawPrivmsg_PeerReceivesItAsIs()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/raw PRIVMSG {scene.Peer.Nick} :straight onto the wire", buffer: scene.Network);

        var line = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick);
        Assert.Equal("straight onto the wire", line.Last);
    }
}

/// <summary>The user suite against InspIRCd.</summary>
public sealed class UserTests(InspIrcdServer server) : UserSuite(server), IClassFixture<InspIrcdServer>;

/// <summary>The user suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdUserTests(NgircdServer server) : UserSuite(server), IClassFixture<NgircdServer>;
