using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Threading;
using RustIrc.Sdk;

namespace RustIrc.Kernel.Tests;

/// <summary>The watcher behind hot reload of modules and scripts: one report per settled group, on the loop.</summary>
public sealed class SettledFileWatcherTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly string _directory = Directory.CreateTempSubdirectory("rustirc-watch-").FullName;
    private readonly ClientLoop _loop = new(NullLogger.Instance);
    private readonly ConcurrentQueue<(string Key, bool OnLoop)> _reports = new();

    private SettledFileWatcher Watch(Func<string, string?> keyOf) =>
        new(_directory, keyOf, Quiet, _loop, key => _reports.Enqueue((key, _loop.IsOnLoop)));

    private static string? LuaFiles(string path) => path.EndsWith(".lua", StringComparison.Ordinal) ? path : null;

    [Fact]
    public async Task SeveralWritesToOneFile_ReportedOnceOnTheLoopAfterTheyStop()
    {
        using var watcher = Watch(LuaFiles);
        var file = Path.Combine(_directory, "a.lua");
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllTextAsync(file, $"-- step {i}");
            await Task.Delay(50);
        }

        await WaitForReportsAsync(1);
        await Task.Delay(Quiet * 3);
        var report = Assert.Single(_reports);
        Assert.Equal(file, report.Key);
        Assert.True(report.OnLoop, "settled ran off the client loop");
    }

    [Fact]
    public async Task FilesOutsideEveryGroup_NeverReported()
    {
        using var watcher = Watch(LuaFiles);
        await File.WriteAllTextAsync(Path.Combine(_directory, "notes.txt"), "not a script");
        await File.WriteAllTextAsync(Path.Combine(_directory, "b.lua"), "-- a script");

        await WaitForReportsAsync(1);
        await Task.Delay(Quiet * 3);
        Assert.Equal([Path.Combine(_directory, "b.lua")], _reports.Select(r => r.Key));
    }

    [Fact]
    public async Task FilesOfOneGroup_ReportedOnceForTheGroup()
    {
        using var watcher = Watch(_ => "folder");
        await File.WriteAllTextAsync(Path.Combine(_directory, "Module.dll"), "one");
        await File.WriteAllTextAsync(Path.Combine(_directory, "module.json"), "two");

        await WaitForReportsAsync(1);
        await Task.Delay(Quiet * 3);
        Assert.Equal(["folder"], _reports.Select(r => r.Key));
    }

    [Fact]
    public async Task Disposed_ChangesBeforeAndAfterAreNotReported()
    {
        var watcher = Watch(LuaFiles);
        await File.WriteAllTextAsync(Path.Combine(_directory, "c.lua"), "-- pending when disposed");
        await Task.Delay(50);
        watcher.Dispose();
        await File.WriteAllTextAsync(Path.Combine(_directory, "d.lua"), "-- after");

        await Task.Delay(Quiet * 4);
        Assert.Empty(_reports);
    }

    private async Task WaitForReportsAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_reports.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} report(s) within 10 s, got {_reports.Count}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _loop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
