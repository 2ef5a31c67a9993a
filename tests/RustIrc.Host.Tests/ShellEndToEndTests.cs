using System.Runtime.InteropServices;
using System.Text.Json;

namespace RustIrc.Host.Tests;

/// <summary>The real client, as a user or a bot drives it through a pipe.</summary>
public sealed class ShellEndToEndTests
{
    [Fact]
    public async Task ModuleList_DefaultComposition_ShowsUiAndShellEnabledWithContexts()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"]);
        client.WaitFor("RustIrc ready");
        client.Send("/module list");
        var ui = client.WaitFor(l => l.StartsWith("[status] ui ", StringComparison.Ordinal));
        var shell = client.WaitFor(l => l.StartsWith("[status] shell ", StringComparison.Ordinal));
        Assert.Contains("Enabled", ui);
        Assert.Matches(@"ui#\d+", ui);
        Assert.Contains("Enabled", shell);
        Assert.Contains("modules.manage", shell);
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task PipedInput_EndOfInput_RunsEveryLineInOrderAndExits()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"]);
        client.Send("/help");
        client.Send("/module unload shell");
        client.Send("/module list");
        client.Send("/module load shell");
        client.Send("/module reload ui");
        client.CloseInput();
        client.WaitFor("/module");
        client.WaitFor("unloaded shell in");
        var shellAfterUnload = client.WaitFor(l => l.StartsWith("shell ", StringComparison.Ordinal));
        Assert.Contains("Disabled", shellAfterUnload);
        client.WaitFor("loaded shell 1.0.0 into load context");
        client.WaitFor("unloaded ui in");
        client.WaitFor("loaded ui 1.0.0 into load context");
        Assert.Equal(0, client.WaitForExit());
        Assert.Contains(client.Seen, l => l.Contains("load context collected", StringComparison.Ordinal));
        Assert.DoesNotContain(client.Seen, l => l.Contains("leaked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Buffer_UnknownName_SaysSoInsteadOfOpeningAnEmptyBuffer()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"]);
        client.WaitFor("RustIrc ready");
        client.Send("/buffer scratch");
        client.WaitFor("[status] error: There is no buffer scratch; /buffer lists them");
        client.Send("/buffer");
        client.WaitFor(l => l.StartsWith("[status] *  1. status (", StringComparison.Ordinal));
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
        Assert.DoesNotContain(client.Seen, l => l.StartsWith("[scratch]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownCommand_Typo_SaysSoAndSuggestsTheCommand()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"]);
        client.Send("/modul list");
        var line = client.WaitFor("Unknown command");
        Assert.Contains("/modul", line);
        Assert.Contains("Did you mean /module?", line);
        client.Send("/help module");
        client.WaitFor("Usage: /module list");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task Json_ModuleUnload_PrintsEventsAndLinesAsJsonObjects()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--json"]);
        client.WaitFor("RustIrc ready");
        client.Send("/module unload ui");
        client.CloseInput();
        Assert.Equal(0, client.WaitForExit());
        var objects = client.Seen.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(objects, o => Assert.True(o.GetProperty("type").GetString() is "line" or "event"));
        Assert.Contains(objects, o => o.GetProperty("type").GetString() == "event"
            && o.GetProperty("event").GetString() == "Command"
            && o.GetProperty("name").GetString() == "module");
        Assert.Contains(objects, o => o.GetProperty("type").GetString() == "line"
            && o.GetProperty("text").GetString()!.StartsWith("unloaded ui in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Composition_Minimal_LoadsShellWithItsDependencyOnly()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--composition", "minimal"]);
        client.WaitFor("RustIrc ready: modules ui, shell");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task Composition_Bare_KernelRunsTypedCommandsWithoutAFrontend()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--composition", "bare"]);
        client.WaitFor("RustIrc ready: no modules loaded");
        client.Send("/module load shell");
        client.WaitFor("loaded shell 1.0.0");
        client.Send("/buffer");
        client.WaitFor("[status] *  1. status (");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task Composition_Unknown_ExitsWithAnErrorNamingTheChoices()
    {
        await using var client = RustIrcProcess.Start(["--composition", "no-such-thing"]);
        Assert.Equal(2, client.WaitForExit());
        Assert.Contains("No composition 'no-such-thing'", client.StandardError);
        Assert.Contains("minimal", client.StandardError);
    }

    [Fact]
    public async Task ConfigFile_TypoAndBrokenJson_ClientStillRunsAndSaysWhatToFix()
    {
        await using var typo = RustIrcProcess.Start(["--no-hot-reload"], config =>
            File.WriteAllText(Path.Combine(config, "config.json"), """{ "hotReloed": false }"""));
        typo.WaitFor("unknown setting 'hotReloed' is ignored; did you mean 'hotReload'?");
        typo.WaitFor("RustIrc ready: modules irc, ui, logger, lua, plugin, python, shell");
        typo.Send("/quit");
        Assert.Equal(0, typo.WaitForExit());

        await using var broken = RustIrcProcess.Start(["--no-hot-reload"], config =>
            File.WriteAllText(Path.Combine(config, "config.json"), "{ \"composition\": \"default\",\n  \"grants\": { \n"));
        broken.WaitFor("could not be read at line");
        broken.WaitFor("RustIrc ready: modules irc, ui, logger, lua, plugin, python, shell");
        broken.Send("/quit");
        Assert.Equal(0, broken.WaitForExit());
    }

    [Fact]
    public async Task ConfigFile_KeySavedAsLatin1_ClientStillRunsAndSaysWhatToFix()
    {
        await using var latin1 = RustIrcProcess.Start(["--no-hot-reload"], config =>
            File.WriteAllText(Path.Combine(config, "config.json"), "{ \"composici\u00f3n\": \"default\" }", System.Text.Encoding.Latin1));
        latin1.WaitFor("could not be read: it holds text that is not UTF-8 (save it as UTF-8)");
        latin1.WaitFor("RustIrc ready: modules irc, ui, logger, lua, plugin, python, shell");
        latin1.Send("/quit");
        Assert.Equal(0, latin1.WaitForExit());
    }

    [Fact]
    public async Task ModuleDisable_PersistsAcrossRestart_AndEnableBringsItBack()
    {
        await using var first = RustIrcProcess.Start(["--no-hot-reload"]);
        first.Send("/module disable ui");
        first.CloseInput();
        Assert.Equal(0, first.WaitForExit());
        Assert.Contains(first.Seen, l => l.Contains("unloaded shell in", StringComparison.Ordinal));

        // Same folders as the first run: the disabled states were saved there.
        await using var again = RustIrcProcess.Start(["--no-hot-reload"], home: first.Home);
        again.WaitFor("RustIrc ready: modules irc, lua");
        again.Send("/module enable ui");
        again.WaitFor("loaded ui 1.0.0");
        again.Send("/module enable shell");
        again.WaitFor("loaded shell 1.0.0");
        again.Send("/quit");
        Assert.Equal(0, again.WaitForExit());
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public async Task Signal_WhileRunning_StopsModulesAndExitsCleanly(PosixSignal signal)
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload", "--verbose"]);
        client.WaitFor("RustIrc ready");
        Assert.Equal(0, Kill(client.Id, signal == PosixSignal.SIGTERM ? 15 : 2));
        Assert.Equal(0, client.WaitForExit());
        Assert.Contains("unloaded shell", client.StandardError);
        Assert.Contains("unloaded ui", client.StandardError);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
