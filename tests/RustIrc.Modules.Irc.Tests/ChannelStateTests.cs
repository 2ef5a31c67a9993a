// Channel state as the server's RPL_ISUPPORT shapes it: which nicks are the same person (CASEMAPPING),
// which prefixes a member holds (PREFIX, multi-prefix NAMES), which modes take arguments (CHANMODES).
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Tests;

public sealed class ChannelStateTests
{
    [Theory]
    [InlineData(":{nick}!n@h PART #c", new[] { "tester" })]
    [InlineData(":{nick}!n@h QUIT :bye", new[] { "tester" })]
    [InlineData(":{nick}!n@h NICK renamed", new[] { "renamed", "tester" })]
    [InlineData(":op!o@h KICK #c {nick} :out", new[] { "tester" })]
    public async Task Members_Rfc1459CaseMapping_BraceNickIsTheSameUserAsBracketNick(string line, string[] expected)
    {
        await using var session = await JoinedAsync(["CASEMAPPING=rfc1459"], "tester [Nick]");
        var (server, client) = session;

        await server.SendAsync(line);
        await client.SyncAsync(server);

        Assert.Equal(expected, await NicksAsync(client));
    }

    [Fact]
    public async Task Members_AsciiCaseMapping_BraceNickIsNotTheBracketNick()
    {
        await using var session = await JoinedAsync(["CASEMAPPING=ascii"], "tester [Nick]");
        var (server, client) = session;

        await server.SendAsync(":{nick}!n@h PART #c");
        await client.SyncAsync(server);

        Assert.Equal(["[Nick]", "tester"], await NicksAsync(client));
        Assert.Equal(CaseMapping.Ascii, (await client.InfoAsync()).CaseMapping);
    }

    [Fact]
    public async Task Members_CaseMappingChangeMakesTwoNicksOne_KeepsOneOfThem()
    {
        await using var session = await JoinedAsync(["CASEMAPPING=ascii"], "tester [Nick] {nick}");
        var (server, client) = session;

        await server.SendAsync($":{FakeIrcServer.ServerName} 005 tester CASEMAPPING=rfc1459 :are supported by this server");
        await client.SyncAsync(server);

        Assert.Equal(CaseMapping.Rfc1459, (await client.InfoAsync()).CaseMapping);
        var nicks = await NicksAsync(client);
        Assert.Equal(2, nicks.Length);
        Assert.Contains("tester", nicks);
    }

    [Fact]
    public async Task Members_MultiPrefixNamesWithFivePrefixes_KeepsEveryPrefixHighestFirst()
    {
        await using var session = await JoinedAsync(["PREFIX=(qaohv)~&@%+"], "~@alice &%bob +carol tester %+dave");
        var (server, client) = session;

        Assert.Equal(
            [("alice", "~@"), ("bob", "&%"), ("dave", "%+"), ("carol", "+"), ("tester", "")],
            await PrefixesAsync(client));

        await server.SendAsync(":op!o@h MODE #c +v-q alice alice", ":op!o@h MODE #c +q carol");
        await client.SyncAsync(server);

        var after = await PrefixesAsync(client);
        Assert.Contains(("alice", "@+"), after);
        Assert.Contains(("carol", "~+"), after);
    }

    [Fact]
    public async Task Modes_KeyAndLimitSetThenKeyRemoved_ChannelKeepsTheRightArguments()
    {
        await using var session = await JoinedAsync(["CHANMODES=beI,k,l,imnpst"], "tester");
        var (server, client) = session;

        await server.SendAsync(":op!o@h MODE #c +ntkl secret 10");
        await client.SyncAsync(server);
        Assert.Equal("+klnt secret 10", await ModesAsync(client));

        await server.SendAsync(":op!o@h MODE #c -k secret");
        await client.SyncAsync(server);
        Assert.Equal("+lnt 10", await ModesAsync(client));

        // A list mode consumes its mask, so the key after it gets the right argument.
        await server.SendAsync(":op!o@h MODE #c +bk *!*@bad.host newkey");
        await client.SyncAsync(server);
        Assert.Equal("+klnt newkey 10", await ModesAsync(client));

        await server.SendAsync(":op!o@h MODE #c -l");
        await client.SyncAsync(server);
        Assert.Equal("+knt newkey", await ModesAsync(client));
    }

    [Fact]
    public async Task Modes_ServerDefinedArgumentMode_TakesItsArgumentFromChanmodes()
    {
        // 'j' (join throttle) is not in the RFC defaults: only CHANMODES says it takes an argument when set.
        await using var session = await JoinedAsync(["CHANMODES=beI,k,jl,imnpst"], "tester");
        var (server, client) = session;

        await server.SendAsync(":op!o@h MODE #c +jk 3:5 secret");
        await client.SyncAsync(server);

        Assert.Equal("+jk 3:5 secret", await ModesAsync(client));
    }

    /// <summary>A registered client that the server put in #c with the given NAMES reply.</summary>
    private static async Task<FakeSession> JoinedAsync(IReadOnlyList<string> isupport, string names)
    {
        var session = await FakeSession.StartAsync(new FakeServerOptions { ISupport = isupport });
        var (server, client) = session;
        await server.SendAsync(
            $":{server.ClientSource} JOIN #c",
            $":{FakeIrcServer.ServerName} 353 tester = #c :{names}",
            $":{FakeIrcServer.ServerName} 366 tester #c :End of /NAMES list.");
        await client.SyncAsync(server);
        return session;
    }

    private static async Task<string[]> NicksAsync(IrcClient client) =>
        (await client.IrcAsync(irc => irc.Members(IrcClient.Network, "#c"))).Select(m => m.Nick).Order(StringComparer.Ordinal).ToArray();

    private static async Task<(string Nick, string Prefixes)[]> PrefixesAsync(IrcClient client) =>
        (await client.IrcAsync(irc => irc.Members(IrcClient.Network, "#c"))).Select(m => (m.Nick, m.Prefixes)).ToArray();

    private static async Task<string> ModesAsync(IrcClient client) =>
        (await client.IrcAsync(irc => irc.Channels(IrcClient.Network))).Single(c => c.Name == "#c").Modes;
}
