using RustIrc.Sdk.Testing;
using static RustIrc.Samples.Seen.Tests.SeenPlugin;

namespace RustIrc.Samples.Seen.Tests;

/// <summary>The maxNicks cap and how mistyped settings are reported.</summary>
public sealed class SettingsTests
{
    [Fact]
    public async Task MaxNicks_Reached_TheNickSeenLongestAgoIsDropped()
    {
        // Joining #room at start made the client's own nick the first sighting.
        await using var host = await StartAsync(new PluginTestOptions { Settings = Settings(("maxNicks", "2")) });

        await host.Server.PrivmsgAsync("alice", Room, "one");
        await host.Server.PrivmsgAsync("bob", Room, "two");
        await host.Server.PrivmsgAsync("alice", Room, "three");
        await host.Server.JoinAsync("carol", Room);

        Assert.Equal("I have never seen tester.", await host.SeenAsync("tester"));
        Assert.Equal("I have never seen bob.", await host.SeenAsync("bob"));
        Assert.Equal("alice was last seen just now in #room, saying: three", await host.SeenAsync("alice"));
        Assert.Equal("carol was last seen just now joining #room.", await host.SeenAsync("carol"));
    }

    [Fact]
    public async Task UnknownSetting_ReportedWithTheNearestKnownOne()
    {
        await using var host = await StartAsync(new PluginTestOptions { Settings = Settings(("maxNick", "5")), FailOnErrors = false });

        await host.WaitForTextAsync("config.json: modules.seen.maxNick is not a setting of module seen (did you mean maxNicks?); it is ignored", "status");
        Assert.Single(host.TakeErrors());
    }

    [Fact]
    public async Task BadNumber_ReportedAndTheDefaultUsed()
    {
        await using var host = await StartAsync(new PluginTestOptions { Settings = Settings(("maxNicks", "lots")), FailOnErrors = false });

        await host.WaitForTextAsync("seen: setting maxNicks \"lots\" is not a whole number from 1 to 1000000; using 10000.", "status");
        await host.Server.PrivmsgAsync("alice", Room, "still counted");
        Assert.Equal("alice was last seen just now in #room, saying: still counted", await host.SeenAsync("alice"));
    }
}
