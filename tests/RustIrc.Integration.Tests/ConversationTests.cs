using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>Two users talking through the real server: messages, notices and actions, both ways.</summary>
public abstract class ConversationSuite(IIrcTestServer server)
{
    /// <summary>The server this run of the suite talks to.</summary>
    protected IIrcTestServer Server => server;

    [Fact]
    public async Task Privmsg_PeerWritesInChannel_ClientPublishesMessageWithSenderTargetAndText()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :good morning, ça va → 🙂");

        var message = await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text.StartsWith("good morning"));
        Assert.Equal(scene.Network, message.Network);
        Assert.Equal(scene.Peer.Nick, message.Nick);
        Assert.Equal(server.IdentPrefix + scene.Peer.Nick, message.User);
        Assert.Equal("127.0.0.1", message.Host);
        Assert.Equal(scene.Channel, message.Target);
        Assert.Equal("good morning, ça va → 🙂", message.Text);
        Assert.False(message.IsOwn);
        Assert.Contains(await scene.Client.BufferLinesAsync(scene.ChannelBuffer), l => l.Contains("good morning, ça va → 🙂"));
    }

    [Fact]
    public async Task Msg_ClientTypesMsgToChannel_PeerReceivesIt()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/msg {scene.Channel} hello channel", buffer: scene.Network);

        var line = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick);
        Assert.Equal(scene.Channel, line[0]);
        Assert.Equal("hello channel", line.Last);
    }

    [Fact]
    public async Task TypedText_InChannelBuffer_PeerReceivesItAndClientShowsItAsOwn()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var from = scene.Client.EventCount;

        await scene.Client.TypeAsync(scene.ChannelBuffer, "typed in the channel");

        await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick && l.Last == "typed in the channel");
        var own = await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == "typed in the channel", from: from);
        Assert.True(own.IsOwn);
        Assert.Equal(scene.ClientNick, own.Nick);
    }

    [Fact]
    public async Task SendMessage_ToPeersNick_PeerReceivesAPrivateMessage()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.IrcAsync(irc => irc.SendMessage(scene.Network, scene.Peer.Nick, "just between us"));

        var line = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick);
        Assert.Equal(scene.Peer.Nick, line[0]);
        Assert.Equal("just between us", line.Last);
    }

    [Fact]
    public async Task Privmsg_PeerWritesToClientsNick_ClientShowsItInAQueryBufferNamedAfterThePeer()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"PRIVMSG {scene.ClientNick} :psst, a secret");

        var message = await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == "psst, a secret");
        Assert.Equal(scene.ClientNick, message.Target);
        Assert.Equal(scene.Peer.Nick, message.Nick);
        var buffer = $"{scene.Network}/{scene.Peer.Nick}";
        Assert.Contains(buffer, await scene.Client.BufferNamesAsync());
        Assert.Contains(await scene.Client.BufferLinesAsync(buffer), l => l.Contains("psst, a secret"));
    }

    [Fact]
    public async Task Query_PeersNickWithText_OpensTheQueryBufferAndSendsTheText()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/query {scene.Peer.Nick} are you there?", buffer: scene.Network);

        Assert.Contains($"{scene.Network}/{scene.Peer.Nick}", await scene.Client.BufferNamesAsync());
        var line = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick);
        Assert.Equal("are you there?", line.Last);
    }

    [Fact]
    public async Task Notice_PeerSendsToChannel_ClientPublishesNoticeEvent()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"NOTICE {scene.Channel} :heads up");

        var notice = await scene.Client.WaitForEventAsync<NoticeEvent>(e => e.Nick == scene.Peer.Nick);
        Assert.Equal(scene.Channel, notice.Target);
        Assert.Equal("heads up", notice.Text);
        Assert.DoesNotContain(scene.Client.Events, e => e is MessageEvent { Text: "heads up" });
    }

    [Fact]
    public async Task Notice_ClientTypesNotice_PeerReceivesANotice()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync($"/notice {scene.Peer.Nick} noticed you", buffer: scene.Network);

        var line = await scene.Peer.WaitForAsync("NOTICE", l => l.Nick == scene.ClientNick);
        Assert.Equal(scene.Peer.Nick, line[0]);
        Assert.Equal("noticed you", line.Last);
    }

    [Fact]
    public async Task Action_PeerSendsCtcpAction_ClientPublishesActionNotMessage()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :\u0001ACTION waves at everyone\u0001");

        var action = await scene.Client.WaitForEventAsync<ActionEvent>(e => e.Nick == scene.Peer.Nick);
        Assert.Equal(scene.Channel, action.Target);
        Assert.Equal("waves at everyone", action.Text);
        Assert.False(action.IsOwn);
        Assert.DoesNotContain(scene.Client.Events, e => e is MessageEvent m && m.Text.Contains("waves at everyone"));
    }

    [Fact]
    public async Task Me_ClientTypesMeInChannelBuffer_PeerReceivesCtcpAction()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/me dances → 💃", buffer: scene.ChannelBuffer);

        var line = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick);
        Assert.Equal(scene.Channel, line[0]);
        Assert.Equal("\u0001ACTION dances → 💃\u0001", line.Last);
    }

    [Fact]
    public async Task SendMessage_TenLinesAtOnce_PeerReceivesAllInOrder()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var texts = Enumerable.Range(1, 10).Select(i => $"line {i} of 10").ToArray();

        await scene.Client.IrcAsync(irc =>
        {
            foreach (var text in texts) irc.SendMessage(scene.Network, scene.Channel, text);
        });

        await scene.Peer.WaitForAsync("PRIVMSG", l => l.Last == texts[^1], what: "the last line arrived");
        Assert.Equal(texts, scene.Peer.Received("PRIVMSG").Where(l => l.Nick == scene.ClientNick).Select(l => l.Last));
    }

    [Fact]
    public async Task CtcpVersion_PeerAsks_ClientAnswersWithANotice()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Peer.SendAsync($"PRIVMSG {scene.ClientNick} :\u0001VERSION\u0001");

        var reply = await scene.Peer.WaitForAsync("NOTICE", l => l.Nick == scene.ClientNick, what: "the client answered the CTCP VERSION");
        Assert.StartsWith("\u0001VERSION ", reply.Last);
        Assert.EndsWith("\u0001", reply.Last);
        Assert.Contains("RustIrc", reply.Last);
    }
}

/// <summary>The conversation suite against InspIRCd, and what only InspIRCd offers.</summary>
public sealed class ConversationTests(InspIrcdServer server) : ConversationSuite(server), IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task OwnMessage_ServerEchoesIt_ChannelBufferShowsItOnce()
    {
        await using var scene = await SharedChannel.StartAsync(Server);

        await scene.Client.TypeAsync(scene.ChannelBuffer, "said only once");
        await scene.Client.TypeAsync(scene.ChannelBuffer, "and a second line");
        // Lines come back in order: once the second one's echo is in, the first one's has been handled.
        await scene.Client.WaitForEventAsync<RawLineEvent>(e => !e.Outgoing && e.Line.Contains("PRIVMSG") && e.Line.EndsWith("and a second line"),
            what: "the server echoed the second line");
        await scene.Peer.WaitForAsync("PRIVMSG", l => l.Last == "and a second line");

        var lines = await scene.Client.BufferLinesAsync(scene.ChannelBuffer);
        Assert.Single(lines, l => l.Contains("said only once"));
        Assert.Single(scene.Client.Events.OfType<MessageEvent>(), e => e.Text == "said only once");
    }
}

/// <summary>The conversation suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdConversationTests(NgircdServer server) : ConversationSuite(server), IClassFixture<NgircdServer>;
