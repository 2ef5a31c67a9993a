// Taking the nick back after registration settled for another: MONITOR's word, the holder seen leaving,
// a refused try kept quiet, and the user's own /nick ending the wait.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc.Tests;

public sealed class NickReclaimTests
{
    private static readonly string[] WithMonitor = ["CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(ov)@+", "MONITOR=100"];

    [Fact]
    public async Task NickTakenAtRegistration_MonitorSaysItWentOffline_TakesItBackQuietly()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1, ISupport = WithMonitor });
        await using var client = await IrcClient.StartAsync();
        var connected = await client.ConnectAsync(server);
        Assert.Equal("tester_", connected!.OwnNick);
        await server.WaitForLineAsync("MONITOR + tester");
        await client.WaitForBufferLineAsync(IrcClient.Network, "tester is taken (perhaps by this client's last connection");
        var at = server.Lines.Count;

        await server.SendAsync($":{FakeIrcServer.ServerName} 730 tester_ :tester!ghost@old.host", $":{FakeIrcServer.ServerName} 731 tester_ :tester");

        await WaitForNickTesterAsync(server, at);
        var change = await client.WaitForEventAsync<NickChangeEvent>(e => e.IsOwn, what: "our nick changed");
        Assert.Equal("tester", change.NewNick);
        Assert.Equal("tester", (await client.InfoAsync()).Nick);
        await server.WaitForLineAsync("MONITOR - tester");
        await client.WaitForBufferLineAsync(IrcClient.Network, "took back the nick tester");
        Assert.DoesNotContain(client.EventsOf<NumericEvent>(), e => e.Code is 730 or 731);
        // Not logged in: services are not asked.
        Assert.Empty(server.LinesWhere(l => l.StartsWith("PRIVMSG NickServ", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task NickTakenAtRegistration_NoMonitor_HolderQuitsWhereWeSeeIt_TriesAtOnce()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1 });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server);
        await client.WaitForBufferLineAsync(IrcClient.Network, "tester is taken");
        var at = server.Lines.Count;

        await server.SendAsync(":TESTER!ghost@old.host QUIT :Ping timeout: 120 seconds");

        // Long before the first ISON poll (15 s): the quit itself says the nick is free.
        await WaitForNickTesterAsync(server, at, TimeSpan.FromSeconds(5));
        Assert.Empty(server.LinesWhere(l => l.StartsWith("MONITOR", StringComparison.Ordinal)));
        await client.WaitForBufferLineAsync(IrcClient.Network, "took back the nick tester");
    }

    [Fact]
    public async Task ReclaimTry_RefusedByTheServer_IsNotShownAsAFailedNickChange()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { HeldNicks = ["tester"], ISupport = WithMonitor });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server);
        await server.WaitForLineAsync("MONITOR + tester");
        var at = server.Lines.Count;

        // MONITOR says it is free, but the server still refuses it (a nick delay, services holding it).
        await server.SendAsync($":{FakeIrcServer.ServerName} 731 tester_ :tester");
        await WaitForNickTesterAsync(server, at);
        await client.SyncAsync(server);

        var shown = await client.BufferLinesAsync(IrcClient.Network);
        Assert.DoesNotContain(shown, l => l.Text.Contains("cannot change nick", StringComparison.Ordinal));
        Assert.Equal("tester_", (await client.InfoAsync()).Nick);
    }

    [Fact]
    public async Task UserChoosesANick_WhileWaiting_StopsWaitingForTheOldOne()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1, ISupport = WithMonitor });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server);
        await server.WaitForLineAsync("MONITOR + tester");

        var at = server.Lines.Count;

        await client.ExecuteAsync("/nick chosen", IrcClient.Network);
        await server.WaitForLineAsync("MONITOR - tester");
        await client.WaitForEventAsync<NickChangeEvent>(e => e.IsOwn && e.NewNick == "chosen", what: "the chosen nick took");
        await server.SendAsync($":{FakeIrcServer.ServerName} 731 chosen :tester");
        await client.SyncAsync(server);

        Assert.DoesNotContain(server.Lines.Skip(at), l => l.Text == "NICK tester");
        Assert.Equal("chosen", (await client.InfoAsync()).Nick);
    }

    [Fact]
    public async Task NickErroneousAtRegistration_IsNotWaitedFor()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1, NickRefusal = 432, ISupport = WithMonitor });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server);

        await client.SyncAsync(server);

        Assert.Equal("tester_", (await client.InfoAsync()).Nick);
        Assert.Empty(server.LinesWhere(l => l.StartsWith("MONITOR", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReclaimNickOff_NickTakenAtRegistration_DoesNotWatchIt()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1, ISupport = WithMonitor });
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?> { ["modules:irc:reclaimNick"] = "false" });
        await client.ConnectAsync(server);

        await client.SyncAsync(server);

        Assert.Empty(server.LinesWhere(l => l.StartsWith("MONITOR", StringComparison.Ordinal)));
        var shown = await client.BufferLinesAsync(IrcClient.Network);
        Assert.DoesNotContain(shown, l => l.Text.Contains("is taken", StringComparison.Ordinal));
    }

    private static Task<ReceivedLine> WaitForNickTesterAsync(FakeIrcServer server, int from, TimeSpan? timeout = null) =>
        server.WaitForLineAsync(l => l == "NICK tester", timeout, from, "the client asked for its nick back");
}
