// Where a Lua error says it happened: at the script's own line, never inside the sandbox's prelude.
using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

public sealed class LuaErrorLocationTests
{
    [Theory]
    [InlineData("irc.print({})")]
    [InlineData("irc.mask_match({1, 2}, 'a!b@c')")]
    [InlineData("collectgarbage('stop')")]
    [InlineData("collectgarbage({})")]
    [InlineData("collectgarbage('step', 1.5)")]
    [InlineData("pcall()")]
    [InlineData("xpcall(print, 1)")]
    [InlineData("load({})")]
    [InlineData("coroutine.create(1)")]
    [InlineData("coroutine.resume(1)")]
    [InlineData("io.lines('/etc/hostname')")]
    [InlineData("io.open('/etc/hostname'):read('a')")]
    [InlineData("io.open('/tmp/rustirc-nowhere', 'w'):write('x'):close()")]
    [InlineData("string.gmatch('aaa', string.rep('a*', 40) .. 'b')()")]
    [InlineData("string.find('aaa', string.rep('a*', 40) .. 'b')")]
    [InlineData("irc.timer(-1, function() end)")]
    public async Task Load_SandboxedFunctionCalledWrongly_ErrorNamesTheScriptsOwnLine(string call)
    {
        await using var client = await ScriptingClient.StartAsync();

        var result = await client.LoadAsync("caller", $"local x = 1\n{call}\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("caller.lua:2: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox:", error, StringComparison.Ordinal);
    }
}
