// Talking on a network: our own messages with and without echo-message, CTCP requests and their rate
// limit, PING under load, and flood control on what we send.
using System.Diagnostics;
using System.Text;
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc.Tests;

public sealed class MessagingTests
{
    private const string Bob = ":bob!b@bob.host";

    [Theory]
    [InlineData("echo-message")]
    [InlineData("")]
    public async Task Msg_WithOrWithoutEchoMessage_ShowsOwnMessageExactlyOnce(string capabilities)
    {
        await using var session = await FakeSession.StartAsync(new FakeServerOptions { Capabilities = capabilities });
        var (server, client) = session;
        var from = client.EventCount;

        var (outcome, replies) = await client.ExecuteAsync("/msg #c hello there", IrcClient.Network);
        Assert.True(outcome == CommandOutcome.Ran && replies.Count == 0, $"/msg ended {outcome}: {string.Join("; ", replies)}");
        await server.WaitForLineAsync("PRIVMSG #c :hello there");
        // The fake server echoes from another task, so wait for the message itself before syncing; the
        // sync then shows that no second copy follows.
        await client.WaitForEventAsync<MessageEvent>(m => m.Text == "hello there", what: "our own message was shown", from: from);
        await client.SyncAsync(server);

        var own = client.Events.Skip(from).OfType<MessageEvent>().Where(m => m.Text == "hello there").ToList();
        var shown = Assert.Single(own);
        Assert.True(shown.IsOwn);
        Assert.Equal("tester", shown.Nick);
        Assert.Single(await client.BufferLinesAsync("fake/#c"), l => l.Text == "<tester> hello there");
    }

    [Fact]
    public async Task Message_WithServerTime_IsShownStampedWithTheServerTime()
    {
        await using var session = await FakeSession.StartAsync(new FakeServerOptions { Capabilities = "server-time" });
        var (server, client) = session;

        await server.SendAsync($"@time=2021-03-04T05:06:07.890Z {Bob} PRIVMSG #c :said a while ago");
        await server.SendAsync($"{Bob} JOIN #c");
        await client.SyncAsync(server);

        var lines = await client.BufferLinesAsync("fake/#c");
        var said = Assert.Single(lines, l => l.Text == "<bob> said a while ago");
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 5, 6, 7, 890, TimeSpan.Zero), said.Time);
        var joined = Assert.Single(lines, l => l.Text.Contains("bob (b@bob.host) joined"));
        Assert.True(DateTimeOffset.UtcNow - joined.Time < TimeSpan.FromMinutes(1), $"a line without server-time is stamped when received, not {joined.Time}");
    }

    [Fact]
    public async Task CtcpVersion_FromSomeone_RepliesWithAVersionNotice()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await server.SendAsync($"{Bob} PRIVMSG tester :\u0001VERSION\u0001");

        var reply = await server.WaitForLineAsync("NOTICE bob :\u0001VERSION ");
        Assert.EndsWith("\u0001", reply.Text);
        Assert.Contains("RustIrc", reply.Text);
    }

    [Fact]
    public async Task CtcpVersion_FromASourceStartingWithAColon_IsNotAnsweredAndTheNextOneIs()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        // "::bad" names the nick ":bad", which no reply can be addressed to.
        await server.SendAsync(":::bad!b@h PRIVMSG tester :\u0001VERSION\u0001", $"{Bob} PRIVMSG tester :\u0001VERSION\u0001");

        await server.WaitForLineAsync("NOTICE bob :\u0001VERSION ");
        Assert.Empty(server.LinesWhere(l => l.StartsWith("NOTICE :", StringComparison.Ordinal)));
        Assert.DoesNotContain(await client.BufferLinesAsync(IrcClient.Network), l => l.Text.Contains("could not handle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_WithoutAChannelAndWithATagKeyNoWriterAccepts_IsReportedAsIgnored()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await server.SendAsync($"@bad!key=1 {Bob} JOIN");

        await client.WaitForBufferLineAsync(IrcClient.Network, $"ignored a JOIN line with 0 parameters (it needs 1): {Bob} JOIN");
    }

    [Fact]
    public async Task CtcpRequests_FloodOfTen_AnswersOnlyAHandful()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await server.SendAsync([.. Enumerable.Range(1, 10).Select(i => $"{Bob} PRIVMSG tester :\u0001PING {i}\u0001")]);
        await client.SyncAsync(server);
        await server.WaitForLineAsync("NOTICE bob :\u0001PING 1\u0001");
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for replies still in the flood queue

        var replies = server.LinesWhere(l => l.StartsWith("NOTICE bob ", StringComparison.Ordinal));
        Assert.InRange(replies.Count, 1, 4);
        Assert.Equal(10, client.EventsOf<CtcpRequestEvent>().Count(e => e.Command == "PING"));
    }

    [Fact]
    public async Task CtcpAction_InAChannel_ArrivesAsAnActionEvent()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        await server.SendAsync($"{Bob} PRIVMSG #c :\u0001ACTION waves at everyone\u0001");

        var action = await client.WaitForEventAsync<ActionEvent>(from: from);
        Assert.Equal(("bob", "#c", "waves at everyone", false), (action.Nick, action.Target, action.Text, action.IsOwn));
        Assert.DoesNotContain(client.Events.Skip(from), e => e is MessageEvent { Nick: "bob" });
    }

    [Fact]
    public async Task Ping_AfterABurstOfTenThousandMessages_IsAnsweredWithTheSameToken()
    {
        const int burst = 10_000;
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        var lines = new StringBuilder();
        for (var i = 0; i < burst; i++) lines.Append($"{Bob} PRIVMSG #c :burst line {i}\r\n");
        lines.Append("PING :burst-token-42\r\n");
        var sent = Stopwatch.StartNew();
        await server.SendBytesAsync(Encoding.UTF8.GetBytes(lines.ToString()));

        await server.WaitForLineAsync(l => l is "PONG burst-token-42" or "PONG :burst-token-42", TimeSpan.FromSeconds(30), what: "the PING after the burst was answered");
        var handled = client.Events.Skip(from).OfType<MessageEvent>().Count(m => m.Nick == "bob");
        Assert.Equal(burst, handled);
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(30), $"The burst took {sent.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Msg_TwentyLinesWithDefaultFloodControl_SendsFiveAtOnceThenSpacesTheRestButNotPong()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = server.LineCount;
        bool IsOurs(string l) => l.StartsWith("PRIVMSG #c :line ", StringComparison.Ordinal);

        // Posted to the client loop in this order (no buffer switch in between), as fast as a paste of 20 lines.
        var issued = server.Elapsed;
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.ExecuteAsync($"/msg #c line {i}")));
        var first = await server.WaitForLineAsync(IsOurs, from: from, what: "the first /msg line arrived");
        var fifth = await server.WaitForLineAsync(l => l == "PRIVMSG #c :line 5", from: from);
        Assert.True(fifth.At - first.At < TimeSpan.FromMilliseconds(500), $"The burst was spread out:\n{server.Transcript()}");

        var pingSent = server.Elapsed;
        await server.SendAsync("PING :flood-token");
        var pong = await server.WaitForLineAsync(l => l.StartsWith("PONG", StringComparison.Ordinal) && l.EndsWith("flood-token", StringComparison.Ordinal), from: from);
        Assert.True(pong.At - pingSent < TimeSpan.FromSeconds(2), $"PONG took {(pong.At - pingSent).TotalSeconds:0.0} s: it waited behind the flood queue");
        Assert.True(server.Lines.Count(l => IsOurs(l.Text) && l.At < pong.At) < 20, "PONG came after the whole flood queue");

        // 5 at once, then 2 a second: at most 7 (8 with rounding) can be sent in the paste's first second. Counted
        // by arrival before paste + 1 s, which no delay in delivery can inflate (measured from the first arrival,
        // a first line held up under load let the later ones catch up, and the test failed without a fault).
        var oneSecondIn = issued + TimeSpan.FromSeconds(1) - server.Elapsed;
        if (oneSecondIn > TimeSpan.Zero) await Task.Delay(oneSecondIn);
        var inFirstSecond = server.Lines.Count(l => IsOurs(l.Text) && l.At <= issued + TimeSpan.FromSeconds(1));
        Assert.True(inFirstSecond <= 8, $"{inFirstSecond} lines were sent in the first second:\n{server.Transcript()}");

        // Four more tokens at two a second: line 9 cannot be sent sooner than 2 s after the paste. Measured from
        // the paste, not from line 5's arrival: a loaded machine may delay arrivals, never the sending.
        var ninth = await server.WaitForLineAsync(l => l == "PRIVMSG #c :line 9", from: from);
        Assert.True(ninth.At - issued > TimeSpan.FromSeconds(1.95), $"Lines after the burst were not spaced:\n{server.Transcript()}");
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"PRIVMSG #c :line {i}"), server.LinesWhere(IsOurs).Take(9).Select(l => l.Text));
    }
}
