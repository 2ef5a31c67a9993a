using System.Text;

namespace RustIrc.Host.Tests;

/// <summary>
/// Which frontend the real client runs in a pipe: the shell, unless --tui insists, which is refused with
/// what to do. (On a terminal the tmux tests of the integration suite see the tui, and TerminalSafetyTests
/// the shell with --shell.)
/// </summary>
public sealed class FrontendChoiceTests
{
    [Fact]
    public async Task Default_InAPipe_RunsTheShell()
    {
        var run = await RustIrcProcess.RunAsync(["--no-hot-reload", "--config-dir", Temp(), "--data-dir", Temp()], Encoding.UTF8.GetBytes("/quit\n"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith("[status] RustIrc ready: modules", StringComparison.Ordinal) && l.Contains(" shell.", StringComparison.Ordinal) && !l.Contains("tui", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tui_InAPipe_RefusedWithWhatToDo()
    {
        var run = await RustIrcProcess.RunAsync(["--tui", "--config-dir", Temp(), "--data-dir", Temp()], []);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--tui needs a terminal: standard input and output must both be one (not a pipe or a file). Leave it out to use the line shell.", run.StandardError);
    }

    [Fact]
    public async Task TuiModule_LoadedByHandInAPipe_FaultsSayingToUseTheShell()
    {
        var run = await RustIrcProcess.RunAsync(["--no-hot-reload", "--composition", "bare", "--config-dir", Temp(), "--data-dir", Temp()],
            Encoding.UTF8.GetBytes("/module load tui\n/quit\n"));

        Assert.Contains("The tui needs a terminal", run.StandardOutput);
        Assert.Contains("--shell", run.StandardOutput);
    }

    private static string Temp() => Directory.CreateTempSubdirectory("rustirc-frontend-").FullName;
}
