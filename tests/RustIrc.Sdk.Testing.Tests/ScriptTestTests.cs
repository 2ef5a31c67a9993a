namespace RustIrc.Sdk.Testing.Tests;

/// <summary>The same harness runs Lua and Python scripts in their real engines.</summary>
public sealed class ScriptTestTests
{
    [Theory]
    [InlineData("hello.lua", """
        irc.on("message", function(e)
          if e.text == "!hello" and e.channel then irc.privmsg(e.channel, "Hello, " .. e.nick .. "!") end
        end)
        """)]
    [InlineData("hello.py", """
        import irc

        def on_message(server_id, target, nick, text):
            if text == "!hello" and target.startswith("#"):
                irc.send_message(server_id, target, f"Hello, {nick}!")
        """)]
    public async Task Script_AnswersAMessage_TheServerReceivesTheAnswer(string name, string source)
    {
        await using var host = await PluginTestHost.StartAsync(new PluginTestOptions { Scripts = [Fixtures.Script(name, source)] });
        await host.Server.ForceJoinAsync("#room", "carol");

        await host.Server.PrivmsgAsync("carol", "#room", "!hello");

        await host.Server.WaitForLineAsync(l => l == "PRIVMSG #room :Hello, carol!", what: $"{name} answers");
    }

    [Theory]
    [InlineData("broken.lua", """irc.on("message", function(e) error("script broke") end)""")]
    [InlineData("broken.py", """
        import irc

        def on_message(server_id, target, nick, text):
            raise ValueError("script broke")
        """)]
    public async Task Script_HandlerErrors_NextSyncFailsTheTestWithTheScriptsError(string name, string source)
    {
        await using var host = await PluginTestHost.StartAsync(new PluginTestOptions { Scripts = [Fixtures.Script(name, source)] });
        await host.Server.ForceJoinAsync("#room");

        await host.Server.PrivmsgAsync("carol", "#room", "hi");
        var failure = await Assert.ThrowsAsync<PluginTestException>(host.SyncAsync);

        Assert.Contains("script broke", failure.Message);
        Assert.Contains(Path.GetFileNameWithoutExtension(name), failure.Message);
    }

    [Fact]
    public async Task Script_DoesNotLoad_StartFailsWithTheReason()
    {
        var failure = await Assert.ThrowsAsync<PluginTestException>(() =>
            PluginTestHost.StartAsync(new PluginTestOptions { Scripts = [Fixtures.Script("syntax.lua", "this is not lua")] }));

        Assert.Contains("syntax", failure.Message);
    }

    [Fact]
    public async Task Script_UnknownLanguage_RefusedNamingTheKnownOnes()
    {
        var failure = await Assert.ThrowsAsync<PluginTestException>(() =>
            PluginTestHost.StartAsync(new PluginTestOptions { Scripts = [Fixtures.Script("x.rb", "puts 1")] }));

        Assert.EndsWith("no script engine runs .rb files (known: .lua, .py).", failure.Message);
    }
}
