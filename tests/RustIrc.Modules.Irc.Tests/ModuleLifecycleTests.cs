// The irc module as the kernel runs it: quitting networks on unload, and settings with mistakes.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc.Tests;

public sealed class ModuleLifecycleTests
{
    [Fact]
    public async Task Unload_WhileConnected_SendsQuitToTheServer()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.Kernel.Manager.UnloadAsync("irc");

        var quit = await server.WaitForLineAsync("QUIT");
        Assert.Equal("QUIT RustIrc", quit.Text.Replace(":", "", StringComparison.Ordinal));
        await server.ClientGone.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Load_AfterUnload_ReconnectsTheNetworkAddedWithConnect()
    {
        await using var first = FakeIrcServer.Start();
        await using var client = await IrcClient.StartAsync();
        await client.ExecuteAsync($"/connect --name added --nick keeper 127.0.0.1:{first.Port}");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "added", what: "network added registered");

        await client.Kernel.Manager.UnloadAsync("irc");
        await first.ClientGone.WaitAsync(TimeSpan.FromSeconds(5));
        await using var second = FakeIrcServer.Start(new FakeServerOptions { Port = first.Port });
        var from = client.EventCount;
        await client.Kernel.Manager.LoadAsync("irc");

        await second.WaitForLineAsync("NICK keeper");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "added", what: "network added came back", from: from);
    }

    [Fact]
    public async Task ReloadUi_WhileLinesArrive_KeepsTheBuffersAndTheNextLine()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await server.SendAsync(":bob!b@bob.host PRIVMSG #c :before the reload");
        await client.WaitForBufferLineAsync("fake/#c", "before the reload");

        await client.Kernel.Manager.ReloadAsync("ui");
        await server.SendAsync(":bob!b@bob.host PRIVMSG #c :right after the reload");
        await client.SyncAsync(server);

        var lines = (await client.BufferLinesAsync("fake/#c")).Select(l => l.Text).ToArray();
        Assert.Equal(["<bob> before the reload", "<bob> right after the reload"], lines);
    }

    [Fact]
    public async Task Start_SettingNameWithATypo_ReportsDidYouMeanAndKeepsRunning()
    {
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?>
        {
            ["modules:irc:nik"] = "bob",
            ["modules:irc:networks:0:host"] = "irc.example.net",
            ["modules:irc:networks:0:hots"] = "irc.example.net",
            ["modules:irc:networks:0:sasluser"] = "bob", // keys are not case-sensitive: no typo
            ["modules:irc:networks:0:autoConnect"] = "false",
        });

        Assert.Equal(ModuleState.Enabled, (await client.ModuleAsync("irc")).State);
        var (_, replies) = await client.ExecuteAsync("/connect");
        Assert.Contains(replies, r => r.Contains("no networks yet", StringComparison.Ordinal));
        // The kernel reports them from the names in the irc module's module.json.
        var problem = await client.WaitForBufferLineAsync(IUiModel.StatusBuffer, "config.json: modules.irc.nik is not a setting of module irc (did you mean nick?); it is ignored", TimeSpan.FromSeconds(3));
        Assert.Equal(LineKind.Error, problem.Kind);
        await client.WaitForBufferLineAsync(IUiModel.StatusBuffer, "config.json: modules.irc.networks[0].hots is not a setting of module irc (did you mean host?); it is ignored", TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(await client.BufferLinesAsync(IUiModel.StatusBuffer), l => l.Text.Contains("sasluser", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SettingWithABadNumber_ReportsItAndKeepsTheOtherSettings()
    {
        await using var server = FakeIrcServer.Start();
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?>
        {
            ["modules:irc:floodBurst"] = "lots",
            ["modules:irc:nick"] = "configured",
        });

        var (_, replies) = await client.ExecuteAsync($"/connect --name fake 127.0.0.1:{server.Port}");
        Assert.Empty(replies);
        var connected = await client.WaitForEventAsync<ConnectedEvent>();
        Assert.Equal("configured", connected.OwnNick);
        var problem = await client.WaitForBufferLineAsync(IUiModel.StatusBuffer, "floodBurst", TimeSpan.FromSeconds(3));
        Assert.Equal(LineKind.Error, problem.Kind);
    }
}
