using RustIrc.Modules.Scripting.Tests.Infrastructure;
using static RustIrc.Modules.Scripting.Tests.Infrastructure.LuaSource;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// A script with a file grant cannot fill the disk, and one with none cannot fill it (or the client's
/// memory) through its storage: each limit is hit with an error that says which, and the client goes on.
/// </summary>
/// <remarks>
/// The limits are set low here (settings fileMaxMb, fileWriteMbPerHour, storageMb) so the tests write
/// megabytes, not the defaults' tens of them; the reported attack wrote 1.2 GB in 20 s and stored 64 MB.
/// </remarks>
public sealed class LuaFileQuotaTests : IAsyncLifetime
{
    private ScriptingClient _client = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("rustirc-quota-").FullName;

    public async Task InitializeAsync() => _client = await ScriptingClient.StartAsync(new ScriptingSetup
    {
        Settings = new Dictionary<string, string?>
        {
            ["modules:lua:fileMaxMb"] = "1",
            ["modules:lua:fileWriteMbPerHour"] = "4",
            ["modules:lua:storageMb"] = "1",
            ["modules:lua:memoryMb"] = "48",
            ["modules:lua:timePerCallMs"] = "10000",
        },
    });

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Append_PastTheSizeOfOneFile_RefusedWithTheLimitAndTheFileKept()
    {
        var log = Path.Combine(_folder, "flood.log");
        var from = await LoadGrantedAsync("flooder", $$"""
            local chunk = string.rep("x", 256 * 1024)
            for i = 1, 100 do
              local ok, problem = pcall(irc.file.append, {{Quote(log)}}, chunk)
              if not ok then print("stopped after " .. (i - 1) .. ": " .. problem) return end
            end
            print("appended everything")
            """);

        var line = await _client.WaitForLineAsync("stopped after", from);

        Assert.StartsWith($"stopped after 4: irc.file.append: lua 'flooder' may make files of at most 1 MB through the client; this write would make one of 1.3 MB", line.Text);
        Assert.Contains("fileMaxMb", line.Text);
        Assert.Equal(1L << 20, new FileInfo(log).Length);
    }

    [Fact]
    public async Task Writes_PastTheHourlyAllowanceOverManyFiles_RefusedAndTheClientGoesOn()
    {
        var from = await LoadGrantedAsync("spreader", $$"""
            local chunk = string.rep("y", 512 * 1024)
            for i = 1, 100 do
              local ok, problem = pcall(function()
                local f = assert(io.open({{Quote(_folder)}} .. "/part" .. i .. ".txt", "w"))
                f:write(chunk)
                f:close()
              end)
              if not ok then print("stopped after " .. (i - 1) .. ": " .. problem) return end
            end
            """);

        var line = await _client.WaitForLineAsync("stopped after", from);

        Assert.StartsWith("stopped after 8: ", line.Text);
        Assert.Contains("lua 'spreader' may write at most 4 MB per hour through the client and has written 4 MB in this one", line.Text);
        Assert.Equal(8, Directory.GetFiles(_folder, "part*.txt").Length);
        Assert.Contains("alive", (await _client.RunAsync("/lua eval return 'alive'")).Text);
    }

    [Fact]
    public async Task Storage_PastItsQuota_RefusedWithAClearErrorAndTheClientsMemoryStaysFlat()
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var from = await LoadGrantedAsync("hoarder", """
            local big = string.rep("z", 8 * 1024 * 1024)
            local refused, first = 0, nil
            for i = 1, 8 do -- 64 MB in eight keys, as in the report
              local ok, problem = pcall(irc.storage.set, "big" .. i, big)
              if not ok then refused = refused + 1 first = first or problem end
            end
            big = nil
            local small, stored = string.rep("s", 100 * 1024), 0
            for i = 1, 20 do
              if pcall(irc.storage.set, "small" .. i, small) then stored = stored + 1 end
            end
            print("refused " .. refused .. " of 8 (" .. tostring(first) .. "); stored " .. stored .. " of 20")
            """);

        var line = await _client.WaitForLineAsync("refused", from);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.StartsWith("refused 8 of 8 (irc.storage is full: this value would make it 8", line.Text);
        Assert.Contains("over its 1 MB", line.Text);
        Assert.EndsWith("; stored 10 of 20", line.Text);
        Assert.True(after - before < 16 << 20, $"the client grew by {(after - before) >> 20} MB");
        var stored = new FileInfo(Path.Combine(_client.Folders.Data, "modules", "lua", "hoarder", "storage.json"));
        Assert.True(stored.Length <= 1 << 20, $"storage.json is {stored.Length} bytes");
    }

    /// <summary>Loads a script granted read and write on the test folder; returns the printed-line index to look from.</summary>
    private async Task<int> LoadGrantedAsync(string name, string source)
    {
        var path = _client.WriteElsewhere(name, "irc.add_command('go', function() GO() end)\nfunction GO()\n" + source + "\nend");
        await _client.RunAsync($"/lua load {path}");
        await _client.RunAsync($"/lua grant {name} file_read:{_folder}");
        await _client.RunAsync($"/lua grant {name} file_write:{_folder}");
        var from = _client.PrintedCount;
        await _client.RunAsync("/go");
        return from;
    }
}
