using RustIrc.Tests.Shared;

namespace RustIrc.Host.Tests;

/// <summary>Native plugins in the real rustirc process: the plugins folder beside config.json is autoloaded.</summary>
public sealed class NativePluginClientTests
{
    [Fact]
    public async Task DefaultClient_PluginInThePluginsFolder_LoadsAtStartAndItsCommandRuns()
    {
        var home = Directory.CreateTempSubdirectory("rustirc-native-client-").FullName;
        var plugins = Directory.CreateDirectory(Path.Combine(home, "config", "plugins")).FullName;
        await NativeCompiler.CompileAsync("samples/plugins/native/highlights/highlights.c", Path.Combine(plugins, "libhighlights.so"));
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], home: home);
        client.WaitFor("RustIrc ready: modules irc, ui, logger, lua, plugin, python, shell");

        client.Send("/plugin list");
        client.WaitFor("highlights 1.0.0 by RustIrc developers (Counts the messages that mention your nick): running");
        client.Send("/highlights");

        client.WaitFor("highlights: 0 of 0 messages mentioned you");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }
}
