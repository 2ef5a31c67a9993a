// Registration against servers that make it awkward: no CAP answer, nicks in use, capabilities coming
// and going, multi-line CAP LS, and SASL that succeeds or fails.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Connect_ServerNeverAnswersCap_SendsCapEndAfterTenSecondsAndRegisters()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { AnswerCap = false });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server, waitForRegistration: false);

        var connected = await client.WaitForEventAsync<ConnectedEvent>(timeout: TimeSpan.FromSeconds(15), what: "the client gave up on CAP and registered");
        Assert.Equal("tester", connected.OwnNick);
        var capLs = await server.WaitForLineAsync("CAP LS");
        var capEnd = await server.WaitForLineAsync("CAP END");
        Assert.InRange((capEnd.At - capLs.At).TotalSeconds, 9, 13);
        await client.WaitForBufferLineAsync(IrcClient.Network, "did not answer CAP LS");
    }

    [Fact]
    public async Task Connect_NickRefusedTwice_RegistersWithTheSecondFallbackNick()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 2 });
        await using var client = await IrcClient.StartAsync();

        var connected = await client.ConnectAsync(server);

        Assert.Equal("tester__", connected!.OwnNick);
        Assert.Equal(["NICK tester", "NICK tester_", "NICK tester__"], server.LinesWhere(l => l.StartsWith("NICK ", StringComparison.Ordinal)).Select(l => l.Text));
        Assert.Equal("tester__", (await client.InfoAsync()).Nick);
    }

    [Fact]
    public async Task Connect_NickRefusedWithAlternativesConfigured_TriesTheAlternativesFirst()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { RefusedNicks = 1 });
        await using var client = await IrcClient.StartAsync();

        var connected = await client.ConnectAsync(server, o => o with { AlternativeNicks = ["other", "third"] });

        Assert.Equal("other", connected!.OwnNick);
    }

    [Fact]
    public async Task Connect_ServerOffersUnknownAndSaslCaps_RequestsOnlyWantedCapsAndNoSaslWithoutCredentials()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "sasl message-tags foo server-time" });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server);

        var requested = Requested(server);
        Assert.Equal(["message-tags", "server-time"], requested.Order(StringComparer.Ordinal));
        Assert.Equal(["message-tags", "server-time"], (await client.InfoAsync()).Capabilities);
        Assert.DoesNotContain(server.Lines, l => l.Text.StartsWith("AUTHENTICATE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_CapLsInSeveralLines_RequestsCapsFromEveryLine()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { CapabilityLines = ["message-tags foo", "bar server-time", "away-notify"] });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server);

        Assert.Equal(["away-notify", "message-tags", "server-time"], Requested(server).Order(StringComparer.Ordinal));
        Assert.Single(server.LinesWhere(l => l.StartsWith("CAP REQ", StringComparison.Ordinal)));
        Assert.Equal(["away-notify", "message-tags", "server-time"], (await client.InfoAsync()).Capabilities);
    }

    [Fact]
    public async Task CapNewAndDel_AfterRegistration_UpdateTheNetworkCapabilities()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "cap-notify message-tags" });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server);
        var from = server.LineCount;

        await server.SendAsync($":{FakeIrcServer.ServerName} CAP tester NEW :away-notify unknown-cap");
        var request = await server.WaitForLineAsync("CAP REQ", from: from);
        await client.SyncAsync(server);
        Assert.Equal("CAP REQ away-notify", request.Text.Replace(":", "", StringComparison.Ordinal));
        Assert.Contains("away-notify", (await client.InfoAsync()).Capabilities);

        await server.SendAsync($":{FakeIrcServer.ServerName} CAP tester DEL :message-tags");
        await client.SyncAsync(server);
        Assert.Equal(["away-notify", "cap-notify"], (await client.InfoAsync()).Capabilities);
    }

    [Theory]
    [InlineData("433", "cannot change nick to tester: no reason given")]
    [InlineData("904", "SASL login failed (no reason given)")]
    public async Task NickRefusedOrSaslFailed_WithoutParameters_SaysSoWithNoReasonGiven(string numeric, string shown)
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await server.SendAsync($":{FakeIrcServer.ServerName} {numeric}");

        await client.WaitForBufferLineAsync(IrcClient.Network, shown);
    }

    [Fact]
    public async Task Connect_SaslPlainAccepted_LogsInBeforeRegistering()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "sasl=PLAIN,EXTERNAL message-tags" });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server, o => o with { SaslMechanism = "PLAIN", SaslUser = "user", SaslPassword = "pass" });

        Assert.Contains("sasl", Requested(server));
        Assert.Equal("user", (await client.InfoAsync()).Account);
        var texts = server.Lines.Select(l => l.Text).ToList();
        Assert.True(texts.IndexOf("AUTHENTICATE PLAIN") < texts.IndexOf("CAP END"), $"SASL must finish before CAP END:\n{server.Transcript()}");
        var buffer = (await client.BufferLinesAsync(IrcClient.Network)).Select(l => l.Text).ToList();
        var loggedIn = buffer.FindIndex(l => l.Contains("logged in as user", StringComparison.Ordinal));
        var connected = buffer.FindIndex(l => l.StartsWith("connected to", StringComparison.Ordinal));
        Assert.True(loggedIn >= 0 && loggedIn < connected, $"Expected 'logged in as user' before 'connected to':\n  {string.Join("\n  ", buffer)}");
    }

    [Fact]
    public async Task Connect_SaslPlain_ThePayloadLineCarriesItsMaskedCopyAndIsNeverShown()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "sasl=PLAIN message-tags" });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server, o => o with { SaslMechanism = "PLAIN", SaslUser = "user", SaslPassword = "pass" });

        // What an extension without irc.credentials receives in place of the line (EventGuardTests in the kernel).
        var payload = client.Events.OfType<RawLineEvent>().Single(e => e.Outgoing && e.Line.StartsWith("AUTHENTICATE ", StringComparison.Ordinal) && e.Line != "AUTHENTICATE PLAIN");
        Assert.Equal("AUTHENTICATE ********", Assert.IsType<RawLineEvent>(payload.WithoutCredentials).Line);
        var mechanism = client.Events.OfType<RawLineEvent>().Single(e => e.Outgoing && e.Line == "AUTHENTICATE PLAIN");
        Assert.Null(mechanism.WithoutCredentials);
        Assert.DoesNotContain(client.Events.OfType<LinePrintedEvent>(), e => e.Text.Contains(payload.Line[13..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_SaslPlainRefused_ReportsTheFailureAndStillRegisters()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "sasl" });
        await using var client = await IrcClient.StartAsync();

        var connected = await client.ConnectAsync(server, o => o with { SaslMechanism = "PLAIN", SaslUser = "user", SaslPassword = "wrong" });

        Assert.Equal("tester", connected!.OwnNick);
        Assert.Null((await client.InfoAsync()).Account);
        var error = await client.WaitForBufferLineAsync(IrcClient.Network, "SASL login failed");
        Assert.Equal(LineKind.Error, error.Kind);
    }

    [Fact]
    public async Task Connect_SaslExternal_LogsInWithTheAccountTheServerNames()
    {
        await using var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "sasl=EXTERNAL", ExternalAccount = "certuser" });
        await using var client = await IrcClient.StartAsync();

        await client.ConnectAsync(server, o => o with { SaslMechanism = "EXTERNAL" });

        Assert.Equal("certuser", (await client.InfoAsync()).Account);
        var authenticate = server.LinesWhere(l => l.StartsWith("AUTHENTICATE", StringComparison.Ordinal)).Select(l => l.Text);
        Assert.Equal(["AUTHENTICATE EXTERNAL", "AUTHENTICATE +"], authenticate);
    }

    [Fact]
    public async Task Join_PlusChannelTypedBeforeRegistration_JoinsItAsTyped()
    {
        // ngIRCd has + channels; until 005 says which prefixes exist, a typed + must not become "#+".
        await using var server = FakeIrcServer.Start(new FakeServerOptions { ISupport = ["CHANTYPES=#&+", "NETWORK=FakeNet"] });
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(server, waitForRegistration: false);

        var (outcome, replies) = await client.ExecuteAsync("/join +modeless,&local,plain");

        Assert.Equal(CommandOutcome.Ran, outcome);
        var join = await server.WaitForLineAsync("JOIN ");
        Assert.Equal("JOIN +modeless,&local,#plain", join.Text);
        Assert.DoesNotContain(replies, r => r.Contains("error", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every capability the client asked for in CAP REQ lines.</summary>
    private static List<string> Requested(FakeIrcServer server) =>
        server.LinesWhere(l => l.StartsWith("CAP REQ ", StringComparison.Ordinal))
            .SelectMany(l => l.Text["CAP REQ ".Length..].TrimStart(':').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
}
