// /lua eval as a user meets it: what a refused call tells them to do.
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
}
