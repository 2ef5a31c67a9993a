namespace RustIrc.Host.Tests;

/// <summary><c>rustirc script run FILE</c>: one script once, in the client's sandbox, output on stdout.</summary>
public sealed class ScriptRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rustirc-script-run-tests-").FullName;

    [Fact]
    public async Task ScriptRun_LuaScriptThatPrints_PrintsExactlyItsOutput()
    {
        var file = Write("hello.lua", """
            print("hello", 1 + 1)
            local words = {}
            for w in ("the quick brown fox"):gmatch("%a+") do words[#words + 1] = w:upper() end
            print(table.concat(words, "-"))
            """);

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["hello\t2", "THE-QUICK-BROWN-FOX"], run.Lines);
    }

    [Fact]
    public async Task ScriptRun_EndlessLoop_StoppedByTheLimitWithExitCode1()
    {
        var file = Write("loop.lua", "while true do end");

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lua 'loop' stopped: instruction limit", run.StandardError);
        // There is no client here to type /lua reload into.
        Assert.Contains("Fix the script and run it again.", run.StandardError);
        Assert.DoesNotContain("/lua reload", run.StandardError);
    }

    [Fact]
    public async Task ScriptRun_SandboxedLikeInTheClient_CannotRunCommands()
    {
        var file = Write("escape.lua", """print(os.execute ~= nil, io.popen ~= nil, require("os").execute ~= nil, package.loaded.debug ~= nil)""");

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("false\tfalse\tfalse\tfalse", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task ScriptRun_PythonScriptThatPrints_PrintsExactlyItsOutput()
    {
        var file = Write("hello.py", """
            import re
            print("hello", 1 + 1)
            print("-".join(w.upper() for w in re.findall(r"[a-z]+", "the quick brown fox")))
            """);

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["hello 2", "THE-QUICK-BROWN-FOX"], run.Lines);
    }

    [Fact]
    public async Task ScriptRun_PythonEndlessLoop_StoppedByTheTimeLimitWithExitCode1()
    {
        var file = Write("spin.py", "while True:\n    pass");

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("python 'spin' stopped: time limit of 2000 ms per call reached", run.StandardError);
    }

    [Fact]
    public async Task ScriptRun_MissingFile_SaysSoWithExitCode2()
    {
        var run = await RustIrcProcess.RunAsync(["script", "run", Path.Combine(_folder, "nope.lua")], []);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such script", run.StandardError);
    }

    [Fact]
    public async Task ScriptRun_ExtensionNoEngineRuns_NamesTheKnownOnesWithExitCode2()
    {
        var file = Write("tool.tcl", "puts hello");

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no script engine module runs .tcl files (known: .lua, .py, .so)", run.StandardError);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
