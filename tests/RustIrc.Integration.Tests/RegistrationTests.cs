using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Integration.Tests;

/// <summary>Connecting to the real server: registration, naming, IRCv3 capabilities, irc:// URLs.</summary>
public abstract class RegistrationSuite(IIrcTestServer server)
{
    /// <summary>The server this run of the suite talks to.</summary>
    protected IIrcTestServer Server => server;

    [Fact]
    public async Task Connect_HostAndPortWithoutName_RegistersAndNamesTheNetworkAfterTheHost()
    {
        var nick = Names.Nick("reg");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --nick {nick} 127.0.0.1:{server.Port}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>();
        Assert.Equal("127.0.0.1", connected.Network);
        Assert.Equal(nick, connected.OwnNick);
        Assert.Equal($"127.0.0.1:{server.Port}", connected.Server);
        var network = await client.WaitForStateAsync(irc => irc.FindNetwork("127.0.0.1"), n => n?.State == IrcConnectionState.Connected, "the network is Connected");
        Assert.Equal(nick, network!.Nick);
        Assert.False(network.Tls);
        Assert.Equal(server.NetworkName, network.NetworkName);
        Assert.Contains("127.0.0.1", await client.BufferNamesAsync());
    }

    [Fact]
    public async Task Connect_IrcUrlWithChannel_RegistersAndJoinsTheChannel()
    {
        var nick = Names.Nick("url");
        var channel = Names.Channel("url");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("peer"));
        await peer.JoinAsync(channel);
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --nick {nick} irc://127.0.0.1:{server.Port}/{channel}");

        var joined = await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick, what: $"{nick} joined {channel}");
        Assert.Equal(channel, joined.Channel);
        Assert.Equal("127.0.0.1", joined.Network);
        await peer.WaitForAsync("JOIN", l => l.Nick == nick && l[0] == channel, what: $"{nick} joined {channel}");
    }

    [Fact]
    public async Task Connect_ServiceCallWithOptions_UsesTheGivenUserAndRealName()
    {
        var nick = Names.Nick("opts");
        await using var peer = await IrcPeer.ConnectAsync(server, Names.Nick("peer"));
        await using var client = await ClientUnderTest.StartAsync();

        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions
        {
            Name = "named",
            Host = "127.0.0.1",
            Port = server.Port,
            Nick = nick,
            UserName = "ident",
            RealName = "Real Name Here",
        }));
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "named");
        await peer.SendAsync($"WHOIS {nick}");

        var whois = await peer.WaitForAsync("311", l => l[1] == nick, what: $"WHOIS {nick} answered");
        Assert.Equal(server.IdentPrefix + "ident", whois[2]);
        Assert.Equal("Real Name Here", whois.Last);
    }

    [Fact]
    public async Task Connect_NickAlreadyTaken_RegistersWithTheNickAndAnUnderscore()
    {
        var nick = Names.Nick("taken");
        await using var holder = await IrcPeer.ConnectAsync(server, nick);
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name taken --nick {nick} 127.0.0.1:{server.Port}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "taken");
        Assert.Equal(nick + "_", connected.OwnNick);
        Assert.Equal(nick + "_", await client.OwnNickAsync("taken"));
    }

    [Fact]
    public async Task Connect_NickHeldUntilItsHolderQuits_TakesItBack()
    {
        var nick = Names.Nick("ghost");
        await using var holder = await IrcPeer.ConnectAsync(server, nick);
        await using var client = await ClientUnderTest.StartAsync();
        await client.RunAsync($"/connect --name ghost --nick {nick} 127.0.0.1:{server.Port}");
        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "ghost");
        Assert.Equal(nick + "_", connected.OwnNick);
        // The wait begins at the end of the MOTD, when the server's ISUPPORT says whether it has MONITOR.
        await client.WaitForEventAsync<NumericEvent>(e => e.Network == "ghost" && e.Code is 376 or 422);

        await holder.DisposeAsync();

        // MONITOR (InspIRCd) answers at once; ISON (ngIRCd) is asked every 15 s.
        var change = await client.WaitForEventAsync<NickChangeEvent>(e => e.Network == "ghost" && e.IsOwn, TimeSpan.FromSeconds(25), "the client took its nick back");
        Assert.Equal(nick, change.NewNick);
        Assert.Equal(nick, await client.OwnNickAsync("ghost"));
        Assert.Contains(await client.BufferLinesAsync("ghost"), l => l.Contains($"took back the nick {nick}", StringComparison.Ordinal));
    }
}

/// <summary>The registration suite against InspIRCd, and what only InspIRCd offers.</summary>
public sealed class RegistrationTests(InspIrcdServer server) : RegistrationSuite(server), IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Connect_ServerOffersIrcv3_NegotiatesMessageTagsServerTimeAndEchoMessage()
    {
        await using var client = await ClientUnderTest.StartAsync();

        var name = await client.ConnectAsync(Server, Names.Nick("caps"));

        var network = await client.IrcAsync(irc => irc.FindNetwork(name));
        Assert.NotNull(network);
        Assert.Contains("message-tags", network.Capabilities);
        Assert.Contains("server-time", network.Capabilities);
        Assert.Contains("echo-message", network.Capabilities);
    }
}

/// <summary>The registration suite against ngIRCd, which offers almost no IRCv3.</summary>
public sealed class NgircdRegistrationTests(NgircdServer server) : RegistrationSuite(server), IClassFixture<NgircdServer>;
