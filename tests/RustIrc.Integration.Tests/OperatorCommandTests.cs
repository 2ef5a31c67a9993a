using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>The everyday operator commands and /whois against the real server: what the peer receives, what the client shows.</summary>
public abstract class OperatorCommandSuite(IIrcTestServer server)
{
    [Fact]
    public async Task OpThenKickBan_ClientIsOperator_PeerIsOppedThenBannedByHostAndKicked()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/op {scene.Peer.Nick}", buffer: scene.ChannelBuffer);
        var op = await scene.Peer.WaitForAsync("MODE", l => l.Nick == scene.ClientNick, what: "the client opped the peer");
        await scene.Client.RunAsync($"/kickban {scene.Peer.Nick} that will do", buffer: scene.ChannelBuffer);

        Assert.Equal([scene.Channel, "+o", scene.Peer.Nick], op.Parameters);
        var ban = await scene.Peer.WaitForAsync("MODE", l => l.Nick == scene.ClientNick && l.Parameters.Contains("+b"), what: "the client banned the peer");
        Assert.Equal([scene.Channel, "+b", "*!*@127.0.0.1"], ban.Parameters);
        var kick = await scene.Peer.WaitForAsync("KICK", l => l.Nick == scene.ClientNick);
        Assert.Equal([scene.Channel, scene.Peer.Nick, "that will do"], kick.Parameters);
        await scene.Client.WaitForEventAsync<KickEvent>(e => e.KickedNick == scene.Peer.Nick);
    }

    [Fact]
    public async Task Whois_ClientAsksAboutThePeer_ShowsLabelledLinesInTheServerBuffer()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/whois {scene.Peer.Nick}", buffer: scene.ChannelBuffer);
        await scene.Client.WaitForEventAsync<NumericEvent>(e => e.Code == 318, what: "the end of the WHOIS reply (318) arrived");

        var lines = await scene.Client.BufferLinesAsync(scene.Network);
        Assert.Contains(lines, l => l.StartsWith($"{scene.Peer.Nick} is ", StringComparison.Ordinal) && l.Contains("@127.0.0.1 (", StringComparison.Ordinal));
        Assert.Contains($"{scene.Peer.Nick} is on {scene.Channel}", lines);
        Assert.Contains(lines, l => l.StartsWith($"{scene.Peer.Nick} has been idle ", StringComparison.Ordinal) && l.Contains(", signed on ", StringComparison.Ordinal));
        Assert.Contains($"end of /whois {scene.Peer.Nick}", lines);
        Assert.DoesNotContain(lines, l => l.Contains("End of /WHOIS", StringComparison.Ordinal));
    }
}

/// <summary>The operator command suite against InspIRCd.</summary>
public sealed class OperatorCommandTests(InspIrcdServer server) : OperatorCommandSuite(server), IClassFixture<InspIrcdServer>;

/// <summary>The operator command suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdOperatorCommandTests(NgircdServer server) : OperatorCommandSuite(server), IClassFixture<NgircdServer>;
