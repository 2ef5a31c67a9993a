using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Testing.Tests;

/// <summary>The harness sees what a plugin sends, prints, registers and is refused, and fails a test when it throws.</summary>
public sealed class PluginTestHostTests
{
    private static PluginTestOptions Harnessed(PluginTestOptions? options = null) =>
        (options ?? new PluginTestOptions()) with { PluginFolders = [Fixtures.Harnessed] };

    [Fact]
    public async Task StartAsync_Plugin_LoadedInItsOwnContextWithItsCommandAndConnected()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());

        var status = await host.ModuleAsync("harnessed");
        Assert.Equal(Sdk.Modules.ModuleState.Enabled, status.State);
        Assert.StartsWith("harnessed#", status.LoadContext);
        var command = Assert.Single(host.Commands, c => c.Name == "harnessed");
        Assert.Equal(ExtensionId.Module("harnessed"), command.Owner);
        Assert.Equal("tester", host.Server.Nick);
        Assert.Contains(host.Server.Received, l => l.StartsWith("USER ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerLine_PluginAnswers_TheServerReceivesTheAnswer()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());
        await host.Server.ForceJoinAsync("#room", "alice");

        await host.Server.PrivmsgAsync("alice", "#room", "!ping");
        await host.SyncAsync();

        Assert.Contains(("#room", "pong to alice"), host.Server.Messages);
    }

    [Fact]
    public async Task Settings_GivenToThePlugin_ChangeItsAnswer()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed(new PluginTestOptions
        {
            Settings = new Dictionary<string, string?> { ["modules:harnessed:reply"] = "hello" },
        }));
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("bob", "#room", "!ping");

        await host.Server.WaitForLineAsync(l => l == "PRIVMSG #room :hello to bob", what: "the plugin answers with its setting");
    }

    [Fact]
    public async Task RunAsync_PluginCommand_RepliesAndPrintsInTheStatusBuffer()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());

        var result = await host.RunAsync("/harnessed some words");

        Assert.Equal(CommandOutcome.Ran, result.Outcome);
        Assert.Equal(["harnessed: some words"], result.Replies);
        Assert.Contains(host.Printed, l => l.Buffer == "status" && l.Text == "printed: some words" && l.Kind == LineKind.Info);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_OutcomeSaysSo()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());

        var result = await host.RunAsync("/no-such-command");

        Assert.Equal(CommandOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task Withhold_PermissionThePluginUses_DenialListedAndThePluginCopes()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed(new PluginTestOptions { Withhold = [WellKnownPermissions.NetworkAccess] }));
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("alice", "#room", "!fetch http://example.invalid/");

        await host.WaitForTextAsync("not allowed to fetch http://example.invalid/", PluginTestHost.BufferOf("#room"));
        var denial = Assert.Single(host.Denials);
        Assert.StartsWith("module 'harnessed' needs permission network_access", denial);
        Assert.DoesNotContain(WellKnownPermissions.NetworkAccess, (await host.ModuleAsync("harnessed")).Permissions.Granted.Select(p => p.Name));
    }

    [Fact]
    public async Task Web_StandInGiven_PluginFetchesFromItInsteadOfTheNetwork()
    {
        var web = new CannedWeb();
        await using var host = await PluginTestHost.StartAsync(Harnessed(new PluginTestOptions { Web = web }));
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("alice", "#room", "!fetch http://example.invalid/page");

        await host.WaitForTextAsync("fetched: canned body of http://example.invalid/page", PluginTestHost.BufferOf("#room"));
        Assert.Equal(["http://example.invalid/page"], web.Requested);
        Assert.Empty(host.Denials);
    }

    [Fact]
    public async Task PluginThrows_NextSyncFailsTheTestNamingThePluginAndTheError()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("alice", "#room", "!boom");
        var failure = await Assert.ThrowsAsync<PluginTestException>(host.SyncAsync);

        Assert.StartsWith("The plugin under test failed:", failure.Message);
        Assert.Contains("module:harnessed", failure.Message);
        Assert.Contains("InvalidOperationException: boom from the plugin", failure.Message);
        Assert.Contains("HarnessedModule", failure.Message); // the stack trace, to find the line
    }

    [Fact]
    public async Task FailOnErrorsOff_PluginThrows_ErrorsListItAndTakeErrorsEmptiesIt()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed(new PluginTestOptions { FailOnErrors = false }));
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("alice", "#room", "!boom");
        await host.SyncAsync();

        Assert.Contains(host.Errors, e => e.Contains("boom from the plugin", StringComparison.Ordinal));
        Assert.NotEmpty(host.TakeErrors());
        Assert.Empty(host.TakeErrors());
    }

    [Fact]
    public async Task StartAsync_FolderWithoutPlugin_FailsSayingWhatIsMissing()
    {
        var empty = Directory.CreateTempSubdirectory("rustirc-harness-empty-").FullName;

        var failure = await Assert.ThrowsAsync<PluginTestException>(() => PluginTestHost.StartAsync(new PluginTestOptions { PluginFolders = [empty] }));

        Assert.Equal($"No module.json in {empty}: a plugin folder holds the plugin's build output and its module.json.", failure.Message);
    }

    [Fact]
    public async Task StartAsync_ClientModulesMissing_FailsSayingWhereTheyWereLookedFor()
    {
        var failure = await Assert.ThrowsAsync<PluginTestException>(() =>
            PluginTestHost.StartAsync(Harnessed(new PluginTestOptions { ClientModulesDirectory = "/nonexistent/rustirc-modules" })));

        Assert.StartsWith("The client's modules (irc, ui, lua, python) were not found in /nonexistent/rustirc-modules.", failure.Message);
    }

    [Fact]
    public async Task StartAsync_IrcModuleWithoutNetworkAccess_ConnectingFailsWithTheRefusalShown()
    {
        var grants = new Dictionary<string, IReadOnlyList<string>> { ["irc"] = [WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.UiModification] };

        var failure = await Assert.ThrowsAsync<PluginTestException>(() => PluginTestHost.StartAsync(Harnessed(new PluginTestOptions { Grants = grants })));

        Assert.Contains("could not connect to irc.test:6667: module 'irc' needs permission network_access", failure.Message);
    }

    [Fact]
    public async Task UnloadAsync_Plugin_ItsLoadContextIsCollected()
    {
        await using var host = await PluginTestHost.StartAsync(Harnessed());

        var report = await host.UnloadAsync("harnessed");

        Assert.True(report.Collected, report.ToString());
        Assert.DoesNotContain(host.Commands, c => c.Name == "harnessed");
    }

    private sealed class CannedWeb : INetworkAccess
    {
        public List<string> Requested { get; } = [];

        public Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default)
        {
            lock (Requested) Requested.Add(url.ToString());
            return Task.FromResult("canned body of " + url);
        }
    }
}
