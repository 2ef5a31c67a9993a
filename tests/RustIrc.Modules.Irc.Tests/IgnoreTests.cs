// /ignore and /unignore: what is hidden, what scripts still see, and that the list outlives a reload and a restart.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc.Tests;

public sealed class IgnoreTests
{
    private const string Channel = "fake/#c";

    [Fact]
    public async Task Ignore_Nick_HidesTheirMessagesButStillPublishesThem()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);

        var (_, replies) = await client.ExecuteAsync("/ignore Troll", Channel);
        await server.SendAsync(":troll!t@troll.host PRIVMSG #c :buy now", ":bob!b@bob.host PRIVMSG #c :hello");
        await client.SyncAsync(server);

        Assert.Equal(["Info: ignoring Troll!*@* (all); /unignore Troll!*@* undoes it"], replies);
        var lines = (await client.BufferLinesAsync(Channel)).Select(l => l.Text).ToArray();
        Assert.Contains("<bob> hello", lines);
        Assert.DoesNotContain(lines, l => l.Contains("buy now", StringComparison.Ordinal));
        Assert.Contains(client.EventsOf<MessageEvent>(), e => e.Text == "buy now"); // scripts still see it
    }

    [Fact]
    public async Task Ignore_HostMaskForJoinsOnly_HidesJoinsAndShowsMessages()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);

        await client.ExecuteAsync("/ignore *!*@*.spam.example joins", Channel);
        await server.SendAsync(":bot1!b@a.spam.example JOIN #c", ":bot1!b@a.spam.example PRIVMSG #c :still said", ":bot1!b@a.spam.example PART #c");
        await client.SyncAsync(server);

        var lines = (await client.BufferLinesAsync(Channel)).Select(l => l.Text).ToArray();
        Assert.Contains("<bot1> still said", lines);
        Assert.DoesNotContain(lines, l => l.Contains("bot1 (", StringComparison.Ordinal) || l.Contains("bot1 left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ignore_CtcpRequest_IsNeitherShownNorAnswered()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.ExecuteAsync("/ignore pest ctcps", IrcClient.Network);
        await server.SendAsync(":pest!p@h PRIVMSG tester :\u0001VERSION\u0001");
        await client.SyncAsync(server);

        Assert.Empty(server.LinesWhere(l => l.StartsWith("NOTICE pest", StringComparison.Ordinal)));
        Assert.DoesNotContain(await client.BufferLinesAsync(IrcClient.Network), l => l.Text.Contains("pest sent CTCP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ignore_NickInAnotherCase_MatchesUnderTheNetworksCaseMapping()
    {
        await using var session = await FakeSession.StartAsync(); // CASEMAPPING=rfc1459: [ is the upper case of {
        var (server, client) = session;
        await JoinAsync(server, client);

        await client.ExecuteAsync("/ignore {troll}", Channel);
        await server.SendAsync(":[TROLL]!t@h PRIVMSG #c :hidden");
        await client.SyncAsync(server);

        Assert.DoesNotContain(await client.BufferLinesAsync(Channel), l => l.Text.Contains("hidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ignore_ListThenUnignoreByNumber_ShowsNumberedEntriesAndRemovesOne()
    {
        await using var client = await IrcClient.StartAsync();
        await client.ExecuteAsync("/ignore alice msgs,notices");
        await client.ExecuteAsync("/ignore bob@*.example.org");

        var (_, listed) = await client.ExecuteAsync("/ignore");
        var (_, removed) = await client.ExecuteAsync("/unignore 1");
        var (_, missing) = await client.ExecuteAsync("/unignore nobody");
        var (_, badLevel) = await client.ExecuteAsync("/ignore carol msg");
        var (_, after) = await client.ExecuteAsync("/ignore");

        Assert.Equal(["Info: 2 ignores:", "Info: 1. alice!*@* (msgs,notices)", "Info: 2. *!bob@*.example.org (all)"], listed);
        Assert.Equal(["Info: no longer ignoring alice!*@*"], removed);
        Assert.Equal(["Error: nobody!*@* is not ignored; /ignore lists the ignores."], missing);
        Assert.Equal(["Error: 'msg' is not an ignore level; did you mean 'msgs'? (levels: msgs, notices, ctcps, joins, nicks, all)"], badLevel);
        Assert.Equal(["Info: 1 ignore:", "Info: 1. *!bob@*.example.org (all)"], after);
    }

    [Fact]
    public async Task Ignore_AfterAReloadOfTheModuleAndARestart_IsStillThere()
    {
        var data = Directory.CreateTempSubdirectory("rustirc-ignore-restart-").FullName;
        try
        {
            await using (var first = await IrcClient.StartAsync(dataDirectory: data))
            {
                await first.ExecuteAsync("/ignore troll msgs");
                await first.Kernel.Manager.ReloadAsync("irc");
                var (_, afterReload) = await first.ExecuteAsync("/ignore");
                Assert.Contains("Info: 1. troll!*@* (msgs)", afterReload);
            }

            await using var server = FakeIrcServer.Start();
            await using var second = await IrcClient.StartAsync(dataDirectory: data);
            await second.ConnectAsync(server);
            await server.SendAsync($":{server.ClientSource} JOIN #c", ":troll!t@h PRIVMSG #c :after the restart");
            await second.SyncAsync(server);

            var (_, listed) = await second.ExecuteAsync("/ignore");
            Assert.Contains("Info: 1. troll!*@* (msgs)", listed);
            Assert.DoesNotContain(await second.BufferLinesAsync(Channel), l => l.Text.Contains("after the restart", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task JoinAsync(FakeIrcServer server, IrcClient client)
    {
        await server.SendAsync($":{server.ClientSource} JOIN #c");
        await client.WaitForBufferLineAsync(Channel, "you joined #c");
    }
}
