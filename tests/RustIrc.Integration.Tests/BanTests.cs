using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// An operator K-lines the client on a real InspIRCd (its own server: a ban would spoil other tests).
/// The client shows the server's reason and stops reconnecting: hammering a ban cannot lift it and
/// may earn a wider one.
/// </summary>
public sealed class BanTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task KLined_ShowsTheReason_AndStopsReconnecting()
    {
        await using var client = await ClientUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["modules:irc:reconnectDelay"] = "0.5",
            ["modules:irc:userName"] = "banme",
        });
        var network = await client.ConnectAsync(server, Names.Nick("banned"));
        await using var oper = await IrcPeer.ConnectAsync(server, Names.Nick("oper"));
        await oper.SendAsync($"OPER {InspIrcdServer.OperName} tester");
        await oper.WaitForAsync("381", what: "the server made the peer an operator (381)");
        var from = client.EventCount;

        await oper.SendAsync("KLINE banme@127.0.0.1 1h :Spamming the test network");

        // InspIRCd tells a user it K-lines with 465 before closing the link, so the first drop is already final.
        var dropped = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == network, from: from);
        Assert.False(dropped.WillReconnect, dropped.Reason);
        var shown = string.Join("\n", await client.BufferLinesAsync(network));
        Assert.True(shown.Contains("Spamming the test network", StringComparison.Ordinal), shown);
        Assert.Contains("not reconnecting by itself: the server bans this client", shown, StringComparison.Ordinal);
        await client.WaitForStateAsync(irc => irc.FindNetwork(network)?.State, s => s == IrcConnectionState.Disconnected, "the network gave up");
        var errors = client.Events.Skip(from).OfType<LinePrintedEvent>().Count(e => e.Kind == LineKind.Error);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(errors, client.Events.Skip(from).OfType<LinePrintedEvent>().Count(e => e.Kind == LineKind.Error));
        Assert.DoesNotContain(client.Events.Skip(from), e => e is ConnectedEvent);

        // Trying by hand meets the ban at registration, and ends the same way.
        var again = client.EventCount;
        await client.RunAsync("/reconnect", buffer: network);
        var refused = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == network, from: again);
        Assert.False(refused.WillReconnect, refused.Reason);
        Assert.DoesNotContain(client.Events.Skip(again), e => e is ConnectedEvent);
    }
}
