using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RustIrc.Host.Tests;

/// <summary>
/// Nothing a script writes reaches the terminal as a control: its print, its error messages, its command
/// help and the metadata /lua list shows, through the real client's stdout. IRC text from a real server
/// is covered in the integration tests (TerminalSafetyTests there).
/// </summary>
public sealed class TerminalSafetyTests : IDisposable
{
    // Clear screen, window title, clipboard write (OSC 52), a C1 CSI, line erase, cursor up, a bidi override,
    // a carriage return and line breaks that try to start a line of their own.
    private const string Hostile = @"'A\27[2JB\27]0;pwned title\7C\27]52;c;aGVsbG8=\7D\194\155' .. '31mE\27[2K\27[1AF\226\128\174G\rH\n[status] forged\r\n[status] again'";

    private static readonly string Script = $$"""
        print({{Hostile}})
        irc.add_command("hostile", function() error({{Hostile}}, 0) end, {{Hostile}})
        print("colour: \0034red\015 plain \002bold\002")
        return {
          name = "hostile", version = "1\27[2K", author = "\27]0;me\7x",
          description = {{Hostile}}, permissions = { "\27[1A\27[2Kfile_write:/" },
        }
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("rustirc-e2e-").FullName;

    public TerminalSafetyTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, "config", "scripts"));
        File.WriteAllText(Path.Combine(_home, "config", "scripts", "hostile.lua"), Script);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task ScriptOutput_IntoAPipe_HasNoControlsAndEveryLineItsOwnBufferPrefix()
    {
        var run = await RunAsync([], "/lua list\n/help hostile\n/hostile\n");

        AssertNoControls(run.StandardOutput);
        AssertNoControls(run.StandardError);
        Assert.All(run.Lines, line => Assert.Matches(@"^\[[^\]]+\] ", line));
        Assert.Contains("[status] ABCDEFG", run.Lines);
        Assert.Contains("[status] H", run.Lines);
        Assert.Contains("[status] [status] forged", run.Lines);
        Assert.DoesNotContain("[status] forged", run.Lines);
        Assert.Contains("[status] colour: red plain bold", run.Lines);
        var listed = Assert.Single(run.Lines, l => l.StartsWith("[status] hostile ", StringComparison.Ordinal));
        Assert.Contains("(asks for file_write:/)", listed);
    }

    [Fact]
    public async Task IrcFormatting_WithColorAlways_DrawnAsAnsiWhileOtherSequencesStillGo()
    {
        var run = await RunAsync(["--color", "always"], "");

        var colour = Assert.Single(run.Lines, l => l.Contains("colour:"));
        Assert.Equal("[status] colour: \x1B[0;91mred\x1B[0m plain \x1B[0;1mbold\x1B[0m", colour);
        var printed = Assert.Single(run.Lines, l => l.Contains("ABC"));
        Assert.Equal("[status] ABCDEFG", printed);
    }

    [Fact]
    public async Task JsonOutput_KeepsTheTextAsTheScriptWroteIt()
    {
        var run = await RunAsync(["--json"], "");

        var colour = run.Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "line")
            .Select(e => e.GetProperty("text").GetString()!)
            .Single(t => t.StartsWith("colour:", StringComparison.Ordinal));
        Assert.Equal("colour: \u00034red\u000F plain \u0002bold\u0002", colour);
        AssertNoControls(run.StandardOutput);
    }

    [Fact]
    public async Task ScriptRun_HostileOutput_CleanedOnStdoutAndStderr()
    {
        var file = Path.Combine(_home, "run.lua");
        File.WriteAllText(file, $"print({Hostile}) error({Hostile}, 0)");

        var run = await RustIrcProcess.RunAsync(["script", "run", file], []);

        Assert.Equal(1, run.ExitCode);
        AssertNoControls(run.StandardOutput);
        AssertNoControls(run.StandardError);
        Assert.Contains("ABCDEFG\nH\n[status] forged", run.StandardOutput);
    }

    [Fact]
    public async Task IrcFormatting_OnARealTerminal_DrawnAsAnsi()
    {
        // `script` (util-linux) runs the client on a pseudo-terminal, so stdout is a terminal as for a user.
        var command = $"dotnet {RustIrcProcess.HostDll} --shell --no-hot-reload --config-dir {_home}/config --data-dir {_home}/data";
        var start = new ProcessStartInfo("script", ["-qec", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["TERM"] = "xterm";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("`script` (Debian package bsdutils) is needed for this test.");
        var output = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the script loads once the client runs
        await process.StandardInput.WriteLineAsync("/quit");
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        var text = await output;
        Assert.Contains("colour: \x1B[0;91mred\x1B[0m plain", text);
        Assert.DoesNotContain("\x1B[2J", text);
        Assert.DoesNotContain("\x1B]", text);
    }

    private Task<RustIrcRun> RunAsync(IEnumerable<string> options, string input) => RustIrcProcess.RunAsync(
        ["--no-hot-reload", "--config-dir", Path.Combine(_home, "config"), "--data-dir", Path.Combine(_home, "data"), .. options],
        Encoding.UTF8.GetBytes(input));

    /// <summary>No C0 control but tab and line ends, no DEL, no C1 control, no bidirectional override.</summary>
    private static void AssertNoControls(string text)
    {
        foreach (var c in text)
        {
            var control = (c < 0x20 && c is not ('\t' or '\n')) || c is >= '\x7F' and <= '\x9F' || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
            Assert.False(control, $"U+{(int)c:X4} reached the output: {text}");
        }
    }
}
