namespace RustIrc.Host.Tests;

/// <summary>The python module as a user of the whole client meets it: found by default, and a wrong setting said plainly.</summary>
public sealed class PythonClientTests
{
    [Fact]
    public async Task DefaultClient_PythonEval_AnswersWithPythonsValue()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"]);
        client.WaitFor("RustIrc ready: modules irc, ui, logger, lua, plugin, python, shell");

        client.Send("/python eval sorted({'b': 2, 'a': 1}.items())");

        client.WaitFor("[['a', 1], ['b', 2]]");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task LibrarySettingNamesAMissingFile_PythonSaysWhatToFixAndTheRestRuns()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], config =>
            File.WriteAllText(Path.Combine(config, "config.json"), """{ "modules": { "python": { "library": "/nonexistent/libpython3.11.so" } } }"""));
        client.WaitFor("RustIrc ready");

        client.Send("/python eval 1 + 1");

        client.WaitFor("modules.python.library in config.json names /nonexistent/libpython3.11.so, which does not exist; correct it");
        client.Send("/lua eval return 20 + 22");
        client.WaitFor("42");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }
}
