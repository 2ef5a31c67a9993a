using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The default memory limit (64 MB) leaves room for ordinary heavy work and still stops a runaway: the
/// client here runs with the engine's defaults, not the harness's low test limit.
/// </summary>
public sealed class LuaDefaultMemoryTests : IAsyncLifetime
{
    private ScriptingClient _client = null!;

    public async Task InitializeAsync() => _client = await ScriptingClient.StartAsync(new ScriptingSetup
    {
        Settings = new Dictionary<string, string?> { ["modules:lua:memoryMb"] = null, ["modules:lua:timePerCallMs"] = "10000" },
    });

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task DefaultLimit_A16MiBStringA200000EntryTableAndAScrollback_AllFit()
    {
        var result = await _client.LoadAsync("heavy", """
            local big = string.rep("x", 16 * 1024 * 1024)
            local seen = {}
            for i = 1, 200000 do seen[i] = i * 2 end
            local lines = {}
            for i = 1, 2000 do lines[i] = string.format("%05d <someone> a line of about a hundred bytes of chat text, padded out to length", i) end
            local scrollback = table.concat(lines, "\n")
            print("held", #big, #seen, #scrollback > 150000, math.floor(collectgarbage("count") / 1024) .. " MB")
            """);

        Assert.DoesNotContain(result.Errors, e => e.Contains("stopped", StringComparison.Ordinal));
        Assert.Contains(_client.PrintedSince(0), line => line.StartsWith("held\t16777216\t200000\ttrue\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultLimit_ARunawayAllocation_IsStoppedNamingTheLimit()
    {
        var result = await _client.LoadAsync("runaway", """
            local hoard = {}
            while true do hoard[#hoard + 1] = string.rep("y", 4096) .. #hoard end
            """);

        Assert.Contains(result.Errors, e => e.Contains("lua 'runaway' stopped: memory limit of 64 MB reached", StringComparison.Ordinal));
        await SharedLuaClient.AssertAliveAsync(_client);
    }
}
