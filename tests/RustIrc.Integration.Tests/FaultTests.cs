using System.Diagnostics;
using System.Text;
using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// The world misbehaving between the client and a real InspIRCd: the server killed in the middle of a
/// flood, and a <see cref="FaultProxy"/> that goes silent, resets, half-closes, trickles bytes, or slips
/// in lines of its own (an ERROR, a 512 KB line, a line that never ends).
/// </summary>
public sealed class FaultTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>, IDisposable
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(30);

    // Short keep-alive times, so a silent server is noticed in seconds: at most 1 + 3 + two ticks of 0.75 s.
    private static readonly Dictionary<string, string?> QuickKeepAlive = new()
    {
        ["modules:irc:pingInterval"] = "1",
        ["modules:irc:pingTimeout"] = "3",
        ["modules:irc:reconnectDelay"] = "0.5",
        ["modules:irc:connectTimeout"] = "3",
    };

    private readonly string _scripts = Directory.CreateTempSubdirectory("rustirc-faults-").FullName;

    [Fact]
    public async Task ServerKilledMidFlood_ClientBacksOffReconnectsRejoins_AndScriptsSeeEachChangeInOrder()
    {
        File.WriteAllText(Path.Combine(_scripts, "watch.lua"), """
            irc.on("connected", function(e) print("watch: connected " .. e.server_address) end)
            irc.on("disconnected", function(e) print("watch: disconnected " .. tostring(e.will_reconnect)) end)
            """);
        await using var client = await ClientUnderTest.StartAsync(luaScripts: _scripts, settings: new Dictionary<string, string?> { ["modules:irc:reconnectDelay"] = "0.5" });
        var nick = Names.Nick("survivor");
        var channel = Names.Channel("flood");
        var network = await client.ConnectAsync(server, nick);
        await client.JoinAsync(network, channel);
        var flooder = await IrcPeer.ConnectAsync(server, Names.Nick("flooder"));
        await flooder.JoinAsync(channel);
        var from = client.EventCount;

        var flood = Task.Run(async () =>
        {
            for (var i = 0; ; i++) await flooder.SendAsync($"PRIVMSG {channel} :flood line {i}");
        });
        await client.WaitForEventAsync<MessageEvent>(e => e.Text == "flood line 200", what: "the flood reached line 200", from: from);
        await server.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => flood.WaitAsync(TimeSpan.FromSeconds(10))); // the flooder lost its connection too
        await flooder.DisposeAsync();
        var dropped = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == network, from: from);
        await Task.Delay(TimeSpan.FromSeconds(4)); // long enough for three refused attempts: 0.5, 1 and 2 s apart, ±25 %
        var afterDrop = client.EventCount;
        await server.StartAsync();

        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == network, ReconnectTimeout, "we registered again", from: afterDrop);
        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == channel, ReconnectTimeout, $"we rejoined {channel}", from: afterDrop);
        Assert.True(dropped.WillReconnect, dropped.Reason);

        var waits = (await client.BufferLinesAsync(network))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"reconnecting in ([0-9.]+) s"))
            .Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(waits.Length >= 3, $"expected at least three waits before reconnecting, saw: {string.Join(", ", waits)}");
        Assert.True(waits.Zip(waits.Skip(1)).All(p => p.Second > p.First), $"the waits did not grow: {string.Join(", ", waits)}");

        var seen = client.Events.OfType<LinePrintedEvent>().Select(e => e.Text).Where(t => t.StartsWith("watch: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal($"watch: connected 127.0.0.1:{server.Port}", seen[0]);
        Assert.Equal($"watch: connected 127.0.0.1:{server.Port}", seen[^1]);
        Assert.True(seen.Length >= 4, $"the script saw: {string.Join(" | ", seen)}");
        Assert.All(seen[1..^1], t => Assert.Equal("watch: disconnected true", t));

        await using var witness = await IrcPeer.ConnectAsync(server, Names.Nick("witness"));
        await witness.JoinAsync(channel);
        await client.IrcAsync(irc => irc.SendMessage(network, channel, "still here"));
        await witness.WaitForAsync("PRIVMSG", l => l.Nick == nick && l.Last == "still here");
    }

    [Fact]
    public async Task ServerGoesSilent_PingTimeoutDropsItWithinTheConfiguredTime_AndTheClientComesBack()
    {
        await using var scene = await ProxiedScene.StartAsync(server, "silent");
        var from = scene.Client.EventCount;

        var clock = Stopwatch.StartNew();
        scene.Proxy.Freeze();
        var dropped = await scene.Client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == scene.Network, TimeSpan.FromSeconds(15), "the silent server was dropped", from);
        var noticed = clock.Elapsed;
        scene.Proxy.Thaw();

        // The timeout runs from the last PING, which may have left up to a ping interval and a tick before the freeze.
        Assert.InRange(noticed.TotalSeconds, 3 - 1 - 0.75 - 0.25, 1 + 3 + 2 * 0.75 + 1.5);
        Assert.True(dropped.WillReconnect);
        Assert.Contains(await scene.Client.BufferLinesAsync(scene.Network), l => l.Contains("no answer from the server for 3 s", StringComparison.Ordinal));
        await scene.ExpectBackAsync(from);
    }

    [Theory]
    [InlineData("reset", "connection lost: ")]
    [InlineData("half-close", "the server closed the connection")]
    public async Task ConnectionResetOrHalfClosed_ClientSaysWhichAndComesBack(string fault, string reason)
    {
        await using var scene = await ProxiedScene.StartAsync(server, fault.Replace("-", ""));
        var from = scene.Client.EventCount;

        if (fault == "reset") scene.Proxy.Cut();
        else scene.Proxy.HalfClose();

        var dropped = await scene.Client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == scene.Network, from: from);
        Assert.True(dropped.WillReconnect);
        Assert.StartsWith(reason, dropped.Reason, StringComparison.Ordinal);
        await scene.ExpectBackAsync(from);
    }

    [Fact]
    public async Task BytesOneAtATimeWithLatency_RegistersAndEveryMessageArrivesIntact()
    {
        await using var scene = await ProxiedScene.StartAsync(server, "trickle", proxy => { proxy.ByteAtATime = true; proxy.Delay = TimeSpan.FromMilliseconds(30); });
        var from = scene.Client.EventCount;
        string[] texts = ["héllo wörld ✓", "日本語のテキスト", "\u0002bold\u0002 and \u000304red\u0003", "emoji 🎉 at the end"];

        foreach (var text in texts) await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :{text}");

        await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == texts[^1], what: "the last message arrived", from: from);
        var received = scene.Client.Events.Skip(from).OfType<MessageEvent>().Select(e => e.Text).ToArray();
        Assert.Equal(texts, received);
        var lag = await scene.Client.WaitForStateAsync(irc => irc.FindNetwork(scene.Network)?.Lag, l => l is not null, "a lag was measured");
        Assert.True(lag >= TimeSpan.FromMilliseconds(60), $"lag {lag} is less than the 2 × 30 ms the proxy adds");
    }

    [Fact]
    public async Task ErrorClosingLink_ShowsTheServersWordsAndReconnects()
    {
        await using var scene = await ProxiedScene.StartAsync(server, "error");
        var from = scene.Client.EventCount;

        await scene.Proxy.InjectAsync(Encoding.ASCII.GetBytes("ERROR :Closing link: (x@127.0.0.1) [Server shutting down for maintenance]\r\n"));
        scene.Proxy.HalfClose();

        var dropped = await scene.Client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == scene.Network, from: from);
        Assert.True(dropped.WillReconnect);
        Assert.Contains(await scene.Client.BufferLinesAsync(scene.Network),
            l => l.Contains("the server closes the connection: Closing link: (x@127.0.0.1) [Server shutting down for maintenance]", StringComparison.Ordinal));
        await scene.ExpectBackAsync(from);
    }

    [Fact]
    public async Task HalfMegabyteLine_IsReportedAndSkipped_AndTheNextLineArrives()
    {
        await using var scene = await ProxiedScene.StartAsync(server, "huge");
        var from = scene.Client.EventCount;

        await scene.Proxy.InjectAsync(Encoding.ASCII.GetBytes($":giant!g@h PRIVMSG {scene.Channel} :" + new string('a', 512 * 1024) + "\r\n"));
        await scene.Peer.SendAsync($"PRIVMSG {scene.Channel} :after the giant");

        await scene.Client.WaitForEventAsync<MessageEvent>(e => e.Text == "after the giant", what: "the line after the giant arrived", from: from);
        Assert.DoesNotContain(scene.Client.Events.Skip(from), e => e is DisconnectedEvent || e is MessageEvent { Nick: "giant" });
        var errors = scene.Client.Events.Skip(from).OfType<LinePrintedEvent>().Where(e => e.Kind == LineKind.Error).Select(e => e.Text).ToArray();
        var report = Assert.Single(errors);
        Assert.Contains("longer than", report, StringComparison.Ordinal);
        Assert.True(report.Length < 1000, $"the report quotes too much of the line: {report.Length} characters");
    }

    [Fact]
    public async Task LineThatNeverEnds_IsSkippedWithoutBufferingIt_AndThePingTimeoutRecovers()
    {
        await using var scene = await ProxiedScene.StartAsync(server, "endless");
        var from = scene.Client.EventCount;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var endless = scene.Proxy.SendEndlessLineAsync(enough.Token);
        var dropped = await scene.Client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == scene.Network, TimeSpan.FromSeconds(15), "the client gave up on the endless line", from);
        var heapDuring = GC.GetTotalMemory(forceFullCollection: false);
        var sent = await endless;

        Assert.True(dropped.WillReconnect);
        Assert.True(sent > 32L << 20, $"only {sent} bytes of the endless line went out: the client stopped reading instead of skipping");
        Assert.True(heapDuring - heapBefore < sent / 4, $"the managed heap grew by {(heapDuring - heapBefore) >> 20} MB while {sent >> 20} MB of one line arrived");
        Assert.Contains(await scene.Client.BufferLinesAsync(scene.Network), l => l.Contains("no answer from the server", StringComparison.Ordinal));
        await scene.ExpectBackAsync(from);
    }

    [Fact]
    public async Task TlsToAPlainTextPort_FailsWithAnErrorThatNamesThePort_AndKeepsTrying()
    {
        await using var client = await ClientUnderTest.StartAsync(settings: QuickKeepAlive);

        await client.ExecuteAsync($"/connect --tls --name wrongport --nick {Names.Nick("wrongport")} 127.0.0.1:{server.Port}");

        // InspIRCd waits for a line end that a TLS hello never sends: the connect timeout (3 s here) ends the wait.
        var first = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "wrongport");
        Assert.Contains($"no TLS handshake with 127.0.0.1:{server.Port} within 3 s. Is {server.Port} the server's TLS port?", first.Reason, StringComparison.Ordinal);
        Assert.True(first.WillReconnect, "a failed handshake may be passing trouble: the client should keep trying");
        var second = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "wrongport", from: client.Events.ToList().IndexOf(first) + 1);
        Assert.Equal(first.Reason, second.Reason);
    }

    [Fact]
    public async Task PinnedServerChangesItsCertificate_TheClientRefusesIt_SaysBothFingerprints_AndStopsRetrying()
    {
        var own = server; // the tests of a class run one at a time, so restarting the shared server is safe
        await using var proxy = FaultProxy.Start(own.TlsPort);
        await using var client = await ClientUnderTest.StartAsync(settings: QuickKeepAlive);
        var pinned = own.CertificateSha256;
        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions
        {
            Name = "pinned", Host = "127.0.0.1", Port = proxy.Port, Tls = true, CertificateFingerprint = pinned, Nick = Names.Nick("pinned"),
        }));
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "pinned");
        var from = client.EventCount;

        await own.StopAsync();
        own.NewCertificate();
        await own.StartAsync();

        var refused = await client.WaitForEventAsync<DisconnectedEvent>(e => e.Network == "pinned" && e.Reason.Contains("not the pinned one", StringComparison.Ordinal),
            ReconnectTimeout, "the new certificate was refused", from);
        Assert.False(refused.WillReconnect);
        Assert.Contains(own.CertificateSha256, refused.Reason, StringComparison.Ordinal);
        Assert.Contains(pinned, refused.Reason, StringComparison.Ordinal);
        var attempts = proxy.Accepted;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(attempts, proxy.Accepted);
        await client.WaitForStateAsync(irc => irc.FindNetwork("pinned")?.State, s => s == IrcConnectionState.Disconnected, "the network gave up");
        Assert.DoesNotContain(client.Events.Skip(from), e => e is ConnectedEvent);
    }

    public void Dispose() => Directory.Delete(_scripts, recursive: true);

    /// <summary>A client registered through a fresh proxy and joined to a new channel, with a second user in it.</summary>
    private sealed record ProxiedScene(ClientUnderTest Client, FaultProxy Proxy, IrcPeer Peer, string Network, string Channel) : IAsyncDisposable
    {
        public static async Task<ProxiedScene> StartAsync(InspIrcdServer server, string name, Action<FaultProxy>? configure = null)
        {
            var proxy = FaultProxy.Start(server.Port);
            configure?.Invoke(proxy);
            var client = await ClientUnderTest.StartAsync(settings: QuickKeepAlive);
            var nick = Names.Nick(name);
            var channel = Names.Channel(name);
            var from = client.EventCount;
            await client.RunAsync($"/connect --name {name} --nick {nick} 127.0.0.1:{proxy.Port}");
            await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == name, what: $"{name} registered through the proxy", from: from);
            await client.JoinAsync(name, channel);
            var peer = await IrcPeer.ConnectAsync(server, Names.Nick("other"));
            await peer.JoinAsync(channel);
            return new ProxiedScene(client, proxy, peer, name, channel);
        }

        /// <summary>Waits until the client has registered again and rejoined, and checks that it can talk.</summary>
        public async Task ExpectBackAsync(int from)
        {
            // The old session may still hold the nick on the server (a ghost), so we may come back as nick_.
            var connected = await Client.WaitForEventAsync<ConnectedEvent>(e => e.Network == Network, ReconnectTimeout, "we registered again", from);
            await Client.WaitForEventAsync<JoinEvent>(e => e.Network == Network && IrcPeer.SameName(e.Channel, Channel) && e.Nick == connected.OwnNick,
                ReconnectTimeout, $"we rejoined {Channel}", from);
            var peerFrom = Peer.LineCount;
            await Client.IrcAsync(irc => irc.SendMessage(Network, Channel, "back"));
            await Peer.WaitForAsync("PRIVMSG", l => l.Nick == connected.OwnNick && l.Last == "back", from: peerFrom);
        }

        public async ValueTask DisposeAsync()
        {
            await Peer.DisposeAsync();
            await Client.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }
}
