// Several networks at once: each has its own state, buffers and commands, and events say which one they came from.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc.Tests;

public sealed class MultiNetworkTests
{
    [Fact]
    public async Task Connect_TwoNetworks_EachKeepsItsOwnTrafficStateAndBuffers()
    {
        await using var first = FakeIrcServer.Start();
        await using var second = FakeIrcServer.Start(new FakeServerOptions { ISupport = ["CASEMAPPING=ascii", "CHANTYPES=#", "NETWORK=Second"] });
        await using var client = await IrcClient.StartAsync();
        await client.ExecuteAsync($"/connect --name one --nick alpha 127.0.0.1:{first.Port}");
        await client.ExecuteAsync($"/connect --name two --nick beta 127.0.0.1:{second.Port}");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "one", what: "network one registered");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "two", what: "network two registered");

        await first.SendAsync(":bob!b@bob.host PRIVMSG #same :on the first");
        await second.SendAsync(":bob!b@bob.host PRIVMSG #same :on the second");
        var one = await client.WaitForEventAsync<MessageEvent>(e => e.Text == "on the first");
        var two = await client.WaitForEventAsync<MessageEvent>(e => e.Text == "on the second");
        Assert.Equal(("one", "two"), (one.Network, two.Network));
        await client.WaitForBufferLineAsync("one/#same", "<bob> on the first");
        await client.WaitForBufferLineAsync("two/#same", "<bob> on the second");

        // A command typed in a buffer of network two goes to network two only.
        await client.ExecuteAsync("/msg #same from beta", "two/#same");
        await second.WaitForLineAsync("PRIVMSG #same :from beta");
        Assert.Empty(first.LinesWhere(l => l.Contains("from beta", StringComparison.Ordinal)));

        var networks = await client.IrcAsync(irc => irc.Networks());
        Assert.Equal(["one", "two"], networks.Select(n => n.Name));
        Assert.Equal(["alpha", "beta"], networks.Select(n => n.Nick));
        Assert.Equal("Second", networks[1].NetworkName);
        Assert.Equal(Sdk.Irc.CaseMapping.Ascii, networks[1].CaseMapping);
        Assert.Equal(Sdk.Irc.CaseMapping.Rfc1459, networks[0].CaseMapping);

        // Disconnecting one leaves the other talking.
        await client.ExecuteAsync("/disconnect one bye");
        await first.WaitForLineAsync("QUIT bye");
        await client.ExecuteAsync("/msg #same still here", "two/#same");
        await second.WaitForLineAsync("PRIVMSG #same :still here");
    }

    [Fact]
    public async Task Start_TwoConnectUrlsToOneHost_KeepsBothUnderDistinctNames()
    {
        await using var first = FakeIrcServer.Start();
        await using var second = FakeIrcServer.Start();
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?>
        {
            ["modules:irc:connect:0"] = $"irc://127.0.0.1:{first.Port}/#a",
            ["modules:irc:connect:1"] = $"irc://127.0.0.1:{second.Port}/#b",
        });

        await first.WaitForLineAsync("JOIN #a");
        await second.WaitForLineAsync("JOIN #b");
        var names = (await client.IrcAsync(irc => irc.Networks())).Select(n => n.Name).ToArray();
        Assert.Equal(["127.0.0.1", $"127.0.0.1:{second.Port}"], names);
    }

    [Fact]
    public async Task Connect_UrlWithAName_UsesThatName()
    {
        await using var server = FakeIrcServer.Start();
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?>
        {
            ["modules:irc:connect:0"] = $"home=irc://127.0.0.1:{server.Port}/#a",
        });

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "home", what: "network home registered");
    }
}
