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
    public async Task Start_SettingNameWithATypo_ReportsDidYouMeanAndKeepsRunning()
    {
        await using var client = await IrcClient.StartAsync(new Dictionary<string, string?> { ["modules:irc:nik"] = "bob" });

        Assert.Equal(ModuleState.Enabled, (await client.ModuleAsync("irc")).State);
        var (_, replies) = await client.ExecuteAsync("/connect");
        Assert.Contains(replies, r => r.Contains("no networks yet", StringComparison.Ordinal));
        var problem = await client.WaitForBufferLineAsync(IUiModel.StatusBuffer, "did you mean 'nick'", TimeSpan.FromSeconds(3));
        Assert.Equal(LineKind.Error, problem.Kind);
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
