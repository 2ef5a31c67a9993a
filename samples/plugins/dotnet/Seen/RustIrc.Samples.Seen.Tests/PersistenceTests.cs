using RustIrc.Sdk.Testing;
using static RustIrc.Samples.Seen.Tests.SeenPlugin;

namespace RustIrc.Samples.Seen.Tests;

/// <summary>seen.json in the plugin's data folder: kept across restarts and unloads, written while running, moved aside when broken.</summary>
public sealed class PersistenceTests : IDisposable
{
    private const string StatusBuffer = "status";

    private readonly string _data = Directory.CreateTempSubdirectory("rustirc-seen-test-").FullName;

    private string SeenFolder => Path.Combine(_data, "modules", "seen");

    private string SeenJson => Path.Combine(SeenFolder, "seen.json");

    [Fact]
    public async Task Restart_SightingsKept()
    {
        await using (var first = await StartAsync(new PluginTestOptions { DataDirectory = _data }))
        {
            await first.Server.PrivmsgAsync("alice", Room, "see you tomorrow");
            await first.SyncAsync();
        }

        await using var second = await StartAsync(new PluginTestOptions { DataDirectory = _data });

        Assert.Equal("alice was last seen just now in #room, saying: see you tomorrow", await second.SeenAsync("alice"));
    }

    [Fact]
    public async Task SaveInterval_Changed_FileWrittenWhileRunning()
    {
        await using var host = await StartAsync(new PluginTestOptions { DataDirectory = _data, Settings = Settings(("saveInterval", "1")) });

        await host.Server.PrivmsgAsync("alice", Room, "written soon");

        var deadline = DateTime.UtcNow + PluginTestHost.DefaultTimeout;
        while (!(File.Exists(SeenJson) && File.ReadAllText(SeenJson).Contains("written soon", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "seen.json was not written within the timeout");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task CorruptFile_MovedAsideReportedOnceAndStartsEmpty()
    {
        Directory.CreateDirectory(SeenFolder);
        File.WriteAllText(SeenJson, "{ this is not json");

        await using var host = await StartAsync(new PluginTestOptions { DataDirectory = _data, FailOnErrors = false });

        await host.WaitForTextAsync("could not be read", StatusBuffer);
        var aside = Assert.Single(Directory.GetFiles(SeenFolder, "seen.json.corrupt-*"));
        Assert.Equal("{ this is not json", File.ReadAllText(aside));
        Assert.Contains(aside, Assert.Single(host.TakeErrors()));
        Assert.Equal("I have never seen alice.", await host.SeenAsync("alice"));
    }

    [Fact]
    public async Task Unload_ContextCollectedAndSightingsWritten()
    {
        await using var host = await StartAsync(new PluginTestOptions { DataDirectory = _data });
        await host.Server.PrivmsgAsync("alice", Room, "last words");
        await host.SyncAsync();

        var report = await host.UnloadAsync("seen");

        Assert.True(report.Collected, report.ToString());
        Assert.DoesNotContain(host.Commands, c => c.Name == "seen");
        Assert.Contains("last words", File.ReadAllText(SeenJson), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
