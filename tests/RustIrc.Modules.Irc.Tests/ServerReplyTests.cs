// How the answers to /whois, /list and /ctcp are shown: labelled lines, not raw numerics.
using System.Globalization;
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Irc.Tests;

public sealed class ServerReplyTests
{
    private const string S = FakeIrcServer.ServerName;

    [Fact]
    public async Task Whois_FullReply_IsShownAsLabelledLines()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var signon = new DateTimeOffset(2026, 12, 5, 14, 3, 0, TimeSpan.Zero);

        await client.ExecuteAsync("/whois bob", IrcClient.Network);
        await server.WaitForLineAsync("WHOIS bob");
        await server.SendAsync(
            $":{S} 311 tester bob b bob.example.org * :Bob Smith",
            $":{S} 319 tester bob :@#a +#b #c",
            $":{S} 312 tester bob irc.example.org :The Example server",
            $":{S} 317 tester bob 184 {signon.ToUnixTimeSeconds()} :seconds idle, signon time",
            $":{S} 330 tester bob bobby :is logged in as",
            $":{S} 301 tester bob :gone fishing",
            $":{S} 318 tester bob :End of /WHOIS list.");
        await client.WaitForBufferLineAsync(IrcClient.Network, "end of /whois bob");

        var lines = (await client.BufferLinesAsync(IrcClient.Network)).Select(l => l.Text).SkipWhile(l => !l.StartsWith("bob is", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
        [
            "bob is b@bob.example.org (Bob Smith)",
            "bob is on @#a +#b #c",
            "bob is connected to irc.example.org (The Example server)",
            $"bob has been idle 3 min 4 s, signed on {signon.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}",
            "bob is logged in as bobby",
            "bob is away: gone fishing",
            "end of /whois bob",
        ], lines);
    }

    [Theory]
    [InlineData("317 tester bob 99999999999999999 17654294967296 :seconds idle, signon time", "bob has been idle 10675199 d 2 h")]
    [InlineData("329 tester #c 99999999999999", "#c 99999999999999")]
    [InlineData("366 tester", null)]
    public async Task Numeric_NumberBeyondAnyDateOrNoChannel_IsShownWithoutFaultingTheModule(string numeric, string? shown)
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        // The kernel faults a module whose handler throws five times: one bad line, repeated, would end IRC.
        await server.SendAsync(Enumerable.Repeat($":{S} {numeric}", 5).ToArray());
        await client.SyncAsync(server);

        if (shown is not null) Assert.Equal(shown, (await client.WaitForBufferLineAsync(IrcClient.Network, shown)).Text);
        Assert.Equal(ModuleState.Enabled, (await client.ModuleAsync("irc")).State);
    }

    [Theory]
    [InlineData(9, "9 s")]
    [InlineData(184, "3 min 4 s")]
    [InlineData(3600, "1 h")]
    [InlineData(90061, "1 d 1 h")]
    [InlineData(long.MaxValue, "10675199 d 2 h")]
    public void Duration_Seconds_ReadsAsTheTwoLargestUnits(long seconds, string expected) =>
        Assert.Equal(expected, WhoisLines.Duration(seconds));

    [Fact]
    public async Task List_WithAFilter_ShowsOnlyMatchingNamesOrTopicsAndCountsThem()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.ExecuteAsync("/list *rust*", IrcClient.Network);
        await server.WaitForLineAsync("LIST");
        await server.SendAsync(
            $":{S} 321 tester Channel :Users  Name",
            $":{S} 322 tester #rust 12 :The Rust language",
            $":{S} 322 tester #python 30 :Snakes",
            $":{S} 322 tester #chat 4 :we talk about Rust here",
            $":{S} 323 tester :End of channel list.");
        await client.WaitForBufferLineAsync(IrcClient.Network, "channels matching");

        var lines = (await client.BufferLinesAsync(IrcClient.Network)).Select(l => l.Text).SkipWhile(l => !l.StartsWith('#')).ToArray();
        Assert.Equal(["#rust (12) The Rust language", "#chat (4) we talk about Rust here", "2 channels matching *rust*"], lines);
    }

    [Fact]
    public async Task List_WithoutAFilterAndWithAUserCount_ListsAllAndAsksTheServerWhenItCanFilter()
    {
        await using var session = await FakeSession.StartAsync(new FakeServerOptions { ISupport = ["CASEMAPPING=rfc1459", "ELIST=CMNTU"] });
        var (server, client) = session;

        await client.ExecuteAsync("/list", IrcClient.Network);
        await server.WaitForLineAsync("LIST");
        await server.SendAsync($":{S} 322 tester #only 1 :", $":{S} 323 tester :End of channel list.");
        await client.WaitForBufferLineAsync(IrcClient.Network, "1 channel");
        var from = server.LineCount;
        await client.ExecuteAsync("/list >10", IrcClient.Network);
        var (_, bad) = await client.ExecuteAsync("/list >lots", IrcClient.Network);

        Assert.Equal("LIST >10", (await server.WaitForLineAsync("LIST", from: from)).Text);
        Assert.Contains("#only (1)", (await client.BufferLinesAsync(IrcClient.Network)).Select(l => l.Text));
        Assert.Equal(["Error: '>lots' is not a user count: >N shows channels with more than N users, <N fewer than N."], bad);
    }

    [Fact]
    public async Task CtcpPing_ReplyEchoingOurTime_ShowsTheRoundTrip()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        var (_, replies) = await client.ExecuteAsync("/ctcp bob ping", IrcClient.Network);
        var request = await server.WaitForLineAsync("PRIVMSG bob :\u0001PING ");
        var stamp = request.Text.Split(' ')[^1].TrimEnd('\u0001');
        await server.SendAsync($":bob!b@h NOTICE tester :\u0001PING {stamp}\u0001");

        Assert.Equal(["Info: CTCP PING sent to bob"], replies);
        var reply = await client.WaitForBufferLineAsync(IrcClient.Network, "CTCP PING reply from bob: ");
        Assert.Matches(@"^CTCP PING reply from bob: \d+\.\d{3} s$", reply.Text);
    }

    [Fact]
    public async Task Ctcp_VersionAndWrongUse_SendsTheRequestOrSaysHow()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.ExecuteAsync("/ctcp bob version", IrcClient.Network);
        var (_, missing) = await client.ExecuteAsync("/ctcp bob", IrcClient.Network);

        Assert.Equal("PRIVMSG bob \u0001VERSION\u0001", (await server.WaitForLineAsync("PRIVMSG bob")).Text);
        Assert.Equal(["Error: usage: /ctcp NICK|#CHAN VERSION|PING|TIME|CLIENTINFO|… [ARGS]"], missing);
    }
}
