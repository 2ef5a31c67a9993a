using RustIrc.Sdk.Testing;
using static RustIrc.Samples.UrlTitles.Tests.UrlTitlesPlugin;

namespace RustIrc.Samples.UrlTitles.Tests;

/// <summary>Fetches that fail, a missing permission, a fetch still running at unload, mistyped settings.</summary>
public sealed class FailureTests
{
    private const string DeadLink = "http://down.test/page";
    private const string GrantNote = "urltitles: showing the titles of links needs permission network_access; grant it with /module grant urltitles network_access";

    [Fact]
    public async Task FetchFails_ReportErrorsOff_NothingShown()
    {
        var web = new StandInWeb();
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, DeadLink);

        await host.SettleAsync();
        Assert.Contains(web.Requests, r => r.Url == DeadLink);
        Assert.Equal(["title: marker"], host.Shown(RoomBuffer));
    }

    [Fact]
    public async Task FetchFails_ReportErrorsOn_OneShortLine()
    {
        await using var host = await StartAsync(new StandInWeb(), new PluginTestOptions { Settings = Settings(("reportErrors", "true")) });

        await host.Server.PrivmsgAsync("alice", Room, DeadLink);

        // Fetches run side by side, so the failure is waited for itself, not ordered against a marker.
        await host.WaitForTextAsync("title: could not fetch down.test", RoomBuffer);
        await host.SettleAsync();
        Assert.Equal(["title: could not fetch down.test: Connection refused (down.test:80)"], host.Shown(RoomBuffer).Where(l => l != "title: marker"));
    }

    [Fact]
    public async Task NetworkAccessWithheld_OneNoteAndNoFetch()
    {
        var web = new StandInWeb();
        await using var host = await StartAsync(web, new PluginTestOptions { Withhold = ["network_access"] });

        await host.Server.PrivmsgAsync("alice", Room, "http://example.test/a");
        await host.Server.PrivmsgAsync("alice", Room, "http://example.test/b");
        await host.SyncAsync();

        Assert.Equal([GrantNote], host.Shown(RoomBuffer));
        Assert.Empty(web.Requests);
        Assert.Empty(host.Denials);
    }

    [Fact]
    public async Task Unload_WhileAFetchWaits_FetchCancelledAndPluginCollected()
    {
        var web = new HangingWeb();
        await using var host = await StartAsync(web);
        await host.Server.PrivmsgAsync("alice", Room, "http://slow.test/");
        await web.Started.WaitAsync(PluginTestHost.DefaultTimeout);

        var report = await host.UnloadAsync("urltitles");

        Assert.True(report.Collected, report.ToString());
        Assert.True(web.Cancelled.IsCompleted, "the pending fetch was not cancelled");
    }

    [Fact]
    public async Task UnknownSetting_ReportedWithTheNearestKnownOne()
    {
        await using var host = await StartAsync(new StandInWeb(), new PluginTestOptions { Settings = Settings(("maxPerMesage", "2")), FailOnErrors = false });

        await host.WaitForTextAsync("config.json: modules.urltitles.maxPerMesage is not a setting of module urltitles (did you mean maxPerMessage?); it is ignored", "status");
        Assert.Single(host.TakeErrors());
    }
}
