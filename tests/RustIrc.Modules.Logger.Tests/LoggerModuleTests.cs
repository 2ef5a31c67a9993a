// The built logger in a kernel with the ui and irc modules, fed by a scripted server: files, stamps,
// the flush timer, /log, /lastlog and unloading.
using System.Diagnostics;
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Modules.Logger.Tests.Infrastructure;
using RustIrc.Sdk.Commands;

namespace RustIrc.Modules.Logger.Tests;

public sealed class LoggerModuleTests
{
    private const string Ada = ":ada!a@ada.host";
    private static readonly Dictionary<string, string?> Utc = new() { ["modules:logger:utc"] = "true" };

    private static async Task<(FakeIrcServer Server, LoggerClient Client)> ConnectedAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = FakeIrcServer.Start(new FakeServerOptions { Capabilities = "server-time" });
        var client = await LoggerClient.StartAsync(settings ?? Utc);
        await client.ConnectAsync(server);
        return (server, client);
    }

    [Fact]
    public async Task Messages_InTwoChannelsWithServerTime_LandInEachChannelsFileStampedWithTheServerTime()
    {
        var (server, client) = await ConnectedAsync();
        await using var _ = server;
        await using var __ = client;

        await server.SendAsync(
            $"@time=2025-01-02T03:04:05.000Z {Ada} PRIVMSG #one :first in one",
            $"@time=2025-01-02T03:04:06.000Z {Ada} PRIVMSG #Two :first in two",
            $"@time=2025-01-03T00:00:01.000Z {Ada} PRIVMSG #one :next day in one",
            $"{Ada} PRIVMSG #ONE :now, without server-time");
        await client.SyncAsync(server);
        await client.ExecuteAsync("/module unload logger", "status"); // writes everything and closes the files

        Assert.Equal(["2025-01-02 03:04:05 <ada> first in one"], client.FileLines("fake", "#one", "2025-01-02.log"));
        Assert.Equal(["2025-01-02 03:04:06 <ada> first in two"], client.FileLines("fake", "#two", "2025-01-02.log"));
        Assert.Equal(["2025-01-03 00:00:01 <ada> next day in one"], client.FileLines("fake", "#one", "2025-01-03.log"));
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        Assert.Contains(client.FileLines("fake", "#one", today + ".log"), l => l.StartsWith(today, StringComparison.Ordinal) && l.EndsWith("<ada> now, without server-time", StringComparison.Ordinal));
        Assert.Contains(client.FileLines("fake", "(server)", today + ".log"), l => l.Contains("connected to 127.0.0.1"));
        Assert.Contains(client.FileLines("fake", "sync", today + ".log"), l => l.Contains("<sync> sync-"));
    }

    [Fact]
    public async Task Line_WhileTheClientRuns_IsInTheFileWithinTheFlushSecond()
    {
        var (server, client) = await ConnectedAsync();
        await using var _ = server;
        await using var __ = client;
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");

        await server.SendAsync($"{Ada} PRIVMSG #one :flush me");
        await client.SyncAsync(server);
        var clock = Stopwatch.StartNew();
        while (!client.FileLines("fake", "#one", today + ".log").Any(l => l.EndsWith("flush me", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "the line was not written within 3 s (it should be within about 1 s)");
            await Task.Delay(20);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"the line took {clock.Elapsed.TotalSeconds:0.00} s to reach the file");
    }

    [Fact]
    public async Task LastLog_Word_ShowsTheMatchesOldestFirstAndItsAnswersAreNotLogged()
    {
        var (server, client) = await ConnectedAsync();
        await using var _ = server;
        await using var __ = client;
        await server.SendAsync(
            $"@time=2025-01-02T03:04:05.000Z {Ada} PRIVMSG #one :the Needle, once",
            $"@time=2025-01-02T03:04:06.000Z {Ada} PRIVMSG #one :hay",
            $"@time=2025-01-05T10:00:00.000Z {Ada} PRIVMSG #one :a needle again",
            $"@time=2025-01-05T10:00:01.000Z {Ada} PRIVMSG #two :needle elsewhere");
        await client.SyncAsync(server);

        var (outcome, replies) = await client.ExecuteAsync("/lastlog needle", "fake/#one");
        var (_, again) = await client.ExecuteAsync("/lastlog needle", "fake/#one");

        Assert.Equal(CommandOutcome.Ran, outcome);
        Assert.Equal([
            "Info: 2 lines of fake/#one's logs hold \"needle\":",
            "Info: 2025-01-02 03:04:05 <ada> the Needle, once",
            "Info: 2025-01-05 10:00:00 <ada> a needle again"], replies);
        Assert.Equal(replies, again); // the first answer was shown, not logged
    }

    [Fact]
    public async Task LastLog_WithLimitOrNothingFoundOrNoWord_SaysSo()
    {
        var (server, client) = await ConnectedAsync(new Dictionary<string, string?> { ["modules:logger:utc"] = "true", ["modules:logger:timeFormat"] = "HH:mm:ss" });
        await using var _ = server;
        await using var __ = client;
        for (var i = 1; i <= 5; i++) await server.SendAsync($"@time=2025-01-02T03:04:0{i}.000Z {Ada} PRIVMSG #one :word {i}");
        await client.SyncAsync(server);

        var (_, limited) = await client.ExecuteAsync("/lastlog -limit 2 word", "fake/#one");
        var (_, none) = await client.ExecuteAsync("/lastlog hedgehog", "fake/#one");
        var (badLimit, usage) = await client.ExecuteAsync("/lastlog -limit lots word", "fake/#one");
        var (empty, emptyUsage) = await client.ExecuteAsync("/lastlog", "fake/#one");

        // A stamp without the date gets the file's date in front.
        Assert.Equal(["Info: The last 2 of 5 lines of fake/#one's logs that hold \"word\":", "Info: 2025-01-02 03:04:04 <ada> word 4", "Info: 2025-01-02 03:04:05 <ada> word 5"], limited);
        Assert.Equal(["Info: No line of fake/#one's logs holds \"hedgehog\"."], none);
        Assert.Equal(CommandOutcome.Failed, badLimit);
        Assert.Contains("-limit needs a number from 1 to 1000", Assert.Single(usage));
        Assert.Equal(CommandOutcome.Failed, empty);
        Assert.StartsWith("Error: Usage: /lastlog [-limit N] TEXT", Assert.Single(emptyUsage));
    }

    [Fact]
    public async Task Log_OffOnAndShow_InAChannel_StopAndStartItsLogAndSayWhere()
    {
        var (server, client) = await ConnectedAsync();
        await using var _ = server;
        await using var __ = client;
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        var path = Path.Combine(client.Logs, "fake", "#one", today + ".log");

        var (_, show) = await client.ExecuteAsync("/log", "fake/#one");
        var (_, off) = await client.ExecuteAsync("/log off", "fake/#one");
        await client.PrintAsync("fake/#one", "<ada> said while off");
        await client.PrintAsync("fake/#two", "<ada> said in two while one is off");
        var (_, on) = await client.ExecuteAsync("/log on", "fake/#one");
        await client.PrintAsync("fake/#one", "<ada> said when on again");
        var (_, offAll) = await client.ExecuteAsync("/log off all", "fake/#one");
        await client.PrintAsync("fake/#two", "<ada> said while all off");
        var (bad, usage) = await client.ExecuteAsync("/log sideways", "fake/#one");
        await client.ExecuteAsync("/module unload logger", "status");

        Assert.Equal([$"Info: Logging fake/#one in {path}."], show);
        Assert.Equal([$"Info: fake/#one is not logged (/log off). /log on logs it again, in {path}."], off);
        Assert.Equal([$"Info: Logging fake/#one in {path}."], on);
        Assert.StartsWith("Info: Logging is off for every buffer; /log on all starts it", Assert.Single(offAll));
        Assert.Equal(CommandOutcome.Failed, bad);
        Assert.StartsWith("Error: Usage: /log [show|on|off] [all]", Assert.Single(usage));
        Assert.Equal(["<ada> said when on again"], client.FileLines("fake", "#one", today + ".log").Select(l => l[20..]));
        Assert.Equal(["<ada> said in two while one is off"], client.FileLines("fake", "#two", today + ".log").Select(l => l[20..]));
    }

    [Fact]
    public async Task Status_ExcludedByDefault_IsLoggedWhenTheSettingsSayNothingIsExcluded()
    {
        await using var byDefault = await LoggerClient.StartAsync();
        await using var everything = await LoggerClient.StartAsync(new Dictionary<string, string?> { ["modules:logger:exclude"] = "" });

        await byDefault.PrintAsync("status", "a status line");
        await everything.PrintAsync("status", "a status line");
        await byDefault.ExecuteAsync("/module unload logger", "status");
        await everything.ExecuteAsync("/module unload logger", "status");

        var today = DateTimeOffset.Now.ToString("yyyy-MM-dd");
        Assert.False(Directory.Exists(byDefault.Logs));
        Assert.Contains(everything.FileLines("(client)", "status", today + ".log"), l => l.EndsWith(" a status line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_Typos_AreReportedInTheStatusBufferWithTheNearestKey()
    {
        await using var client = await LoggerClient.StartAsync(new Dictionary<string, string?>
        {
            ["modules:logger:rotaton"] = "daily",
            ["modules:logger:rotation"] = "hourly",
            ["modules:logger:timeFormat"] = "yyyy-MM-dd %",
        });

        var deadline = Stopwatch.StartNew();
        IReadOnlyList<string> status;
        while ((status = await client.BufferLinesAsync("status")).Count(l => l.Contains("modules.logger", StringComparison.Ordinal)) < 3 && deadline.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);

        Assert.Contains("config.json: modules.logger.rotaton is not a setting of module logger (did you mean rotation?); it is ignored", status);
        Assert.Contains("modules.logger rotation: \"hourly\" is not daily, monthly or none; using daily.", status);
        Assert.Contains(status, l => l.StartsWith("modules.logger timeFormat: \"yyyy-MM-dd %\" is not a date and time format", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unload_WithLinesPending_WritesThemAndTheLoadContextIsCollected()
    {
        await using var client = await LoggerClient.StartAsync();
        for (var i = 0; i < 1000; i++) await client.PrintAsync("fake/#one", $"<ada> line {i}");

        var reports = await client.Kernel.Manager.UnloadAsync("logger");

        var report = Assert.Single(reports, r => r.Id == "logger");
        Assert.True(report.Collected, $"The logger's load context was not collected: {report}");
        var today = DateTimeOffset.Now.ToString("yyyy-MM-dd");
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"<ada> line {i}"), client.FileLines("fake", "#one", today + ".log").Select(l => l[20..]));
    }
}
