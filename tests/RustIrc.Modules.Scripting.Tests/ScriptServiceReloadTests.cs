using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The script API keeps the guarded services it fetched (so a handler pays for a call, not a guard); when
/// the module that provides one is reloaded, a script's next call reaches the new provider.
/// </summary>
public sealed class ScriptServiceReloadTests
{
    [Theory]
    [InlineData("irc")]
    [InlineData("ui")]
    public async Task ProviderReloaded_TheScriptsNextCallReachesTheNewOne(string provider)
    {
        await using var client = await ScriptingClient.StartAsync(new ScriptingSetup { WithIrc = true });
        await client.LoadAsync("servers", """
            irc.add_command("servers", function() irc.print("servers: " .. #irc.servers()) end)
            """);
        await client.RunAsync("/servers");
        await client.WaitForLineAsync("servers: 0");

        await client.Kernel.Manager.ReloadAsync(provider);
        var from = client.PrintedCount;
        var again = await client.RunAsync("/servers");

        Assert.Empty(again.Errors);
        await client.WaitForLineAsync("servers: 0", from);
    }
}
