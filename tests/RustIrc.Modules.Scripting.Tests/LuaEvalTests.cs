// /lua eval as a user meets it: what it shows of the values returned, and what a refused call tells them to do.
using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

public sealed class LuaEvalTests
{
    [Fact]
    public async Task Eval_CallNeedingAPermission_SuggestsCommandsThatWork()
    {
        await using var client = await ScriptingClient.StartAsync();

        var result = await client.RunAsync("/lua eval return irc.file.exists('/etc/hostname')");

        var error = Assert.Single(result.Errors);
        Assert.True(!error.Contains("/lua grant eval", StringComparison.Ordinal)
            && error.Contains("/lua load FILE", StringComparison.Ordinal)
            && error.Contains("/lua grant NAME file_read:/etc/hostname", StringComparison.Ordinal), error);
    }

    [Theory]
    [InlineData("return 1, 2", "1, 2")]
    [InlineData("return nil, 'boom'", "nil, \"boom\"")] // Lua's way of returning an error
    [InlineData("return 'nil'", "\"nil\"")]
    [InlineData("return nil", "nil")]
    [InlineData("return 4 / 2, 7 // 2, true", "2.0, 3, true")]
    [InlineData("return {1, 'a\\n', key = 'v'}", "{1, \"a\\n\", key = \"v\"}")]
    public async Task Eval_ReturnsValues_ShowsEveryOneAsLuaWritesIt(string code, string shown)
    {
        await using var client = await ScriptingClient.StartAsync();

        var result = await client.RunAsync($"/lua eval {code}");

        Assert.Equal([shown], result.Replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Eval_ReturnsNothing_ShowsNothing()
    {
        await using var client = await ScriptingClient.StartAsync();

        var result = await client.RunAsync("/lua eval local x = 1");

        Assert.Empty(result.Replies);
    }
}
