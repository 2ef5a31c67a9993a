using System.Text;

namespace RustIrc.Host.Tests;

/// <summary>`rustirc irc parse` and `rustirc irc format`, run as the real process with bytes on stdin.</summary>
public sealed class IrcInspectorTests
{
    [Fact]
    public async Task Parse_TaggedPrivmsgWithEscapedTagValues_PrintsUnescapedTagsAndValuelessTagAsEmpty()
    {
        var json = await ParseOneAsync(@"@a=b\sc\:d;e :nick!u@h PRIVMSG #chan :hello world");
        Assert.Equal("""{"tags":{"a":"b c;d","e":""},"source":"nick!u@h","verb":"PRIVMSG","params":["#chan","hello world"]}""", json);
    }

    [Fact]
    public async Task Parse_NoTagsNoSource_PrintsEmptyTagsAndNullSource()
    {
        var json = await ParseOneAsync("PING irc.example.org");
        Assert.Equal("""{"tags":{},"source":null,"verb":"PING","params":["irc.example.org"]}""", json);
    }

    [Fact]
    public async Task Parse_RepeatedAndTrailingSpaces_ReadsOnlyTheWords()
    {
        var json = await ParseOneAsync(":irc.example.org  MODE   #chan  +o   nick   ");
        Assert.Equal("""{"tags":{},"source":"irc.example.org","verb":"MODE","params":["#chan","+o","nick"]}""", json);
    }

    [Fact]
    public async Task Parse_TrailingParamWithColonsAndSpaces_KeepsThemAllInTheLastParam()
    {
        var json = await ParseOneAsync(":a!b@c PRIVMSG #chan ::) see http://example.org:80/x  ");
        Assert.Equal("""{"tags":{},"source":"a!b@c","verb":"PRIVMSG","params":["#chan",":) see http://example.org:80/x  "]}""", json);
    }

    [Fact]
    public async Task Parse_EmptyTrailingParam_PrintsEmptyStringAsLastParam()
    {
        var json = await ParseOneAsync("TOPIC #chan :");
        Assert.Equal("""{"tags":{},"source":null,"verb":"TOPIC","params":["#chan",""]}""", json);
    }

    [Fact]
    public async Task Parse_Latin1ByteThatIsNotUtf8_DecodesItAsWindows1252()
    {
        byte[] line = [.. "PRIVMSG #chan :caf"u8, 0xE9, .. "\r\n"u8];
        var run = await RunAsync("parse", line);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"tags":{},"source":null,"verb":"PRIVMSG","params":["#chan","café"]}""", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Parse_EmojiAndFormattingCodes_WritesEmojiAsIsAndEscapesControlCharacters()
    {
        var json = await ParseOneAsync("PRIVMSG #chan :\u0002bold\u0002 é 😀 \"q\" \\");
        Assert.Equal("""{"tags":{},"source":null,"verb":"PRIVMSG","params":["#chan","\u0002bold\u0002 é 😀 \"q\" \\"]}""", json);
    }

    [Fact]
    public async Task Parse_MalformedLineBetweenGoodOnes_PrintsErrorObjectKeepsGoingAndExitsOne()
    {
        var run = await RunAsync("parse", "PING :a\r\n\r\n:only.a.source\r\nPING :b"u8.ToArray());
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                Ping("a"),
                """{"error":"The line has no command after its tags or source.","line":":only.a.source"}""",
                Ping("b"),
            ],
            run.Lines);
        Assert.Contains("error: line 3: The line has no command", run.StandardError);
    }

    [Fact]
    public async Task Parse_CrLfEmptyLinesAndLastLineWithoutNewline_PrintsEveryMessageAndExitsZero()
    {
        var run = await RunAsync("parse", "PING :a\r\n\r\n\nPING :b\r\nPING :c"u8.ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal([Ping("a"), Ping("b"), Ping("c")], run.Lines);
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public async Task Parse_LineOverOneMebibyte_ReportsItAndReadsTheNextLine()
    {
        var input = Encoding.ASCII.GetBytes("PRIVMSG #chan :" + new string('x', 2 << 20) + "\nPING :after\n");
        var run = await RunAsync("parse", input);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
        Assert.Equal($$"""{"error":"The line is longer than 1048576 bytes; only its first 8703 are shown.","line":"PRIVMSG #chan :{{new string('x', 8703 - 15)}}"}""", run.Lines[0]);
        Assert.Equal(Ping("after"), run.Lines[1]);
        Assert.Contains("error: line 1:", run.StandardError);
    }

    [Theory]
    [InlineData(@"@a=b\sc\:d;e :nick!u@h PRIVMSG #chan :hello world")]
    [InlineData("PING irc.example.org")]
    [InlineData(":irc.example.org 001 nick :Welcome to the network")]
    [InlineData("TOPIC #chan :")]
    [InlineData(":a!b@c PRIVMSG #chan ::)")]
    [InlineData(@"@+draft/reply=123;time=2026-11-25T12:00:00.000Z :a!b@c TAGMSG #chan")]
    public async Task Format_ParseOutputOfCanonicalLine_ReproducesTheLine(string line)
    {
        var parsed = await RunAsync("parse", Encoding.UTF8.GetBytes(line + "\n"));
        var formatted = await RunAsync("format", Encoding.UTF8.GetBytes(parsed.StandardOutput));
        Assert.Equal(0, formatted.ExitCode);
        Assert.Equal(line, Assert.Single(formatted.Lines));
    }

    [Fact]
    public async Task Format_TagValuesWithSpacesSemicolonsBackslashesAndNewlines_EscapesThem()
    {
        var run = await RunAsync("format", """{"tags":{"k":"a b;c\\d\r\n","flag":""},"verb":"TAGMSG","params":["#chan"]}"""u8.ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(@"@k=a\sb\:c\\d\r\n;flag TAGMSG #chan", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Format_OnlyVerbAndNonAsciiText_PrintsUtf8LineWithColonOnlyWhenNeeded()
    {
        var run = await RunAsync("format", """
            {"verb":"PRIVMSG","params":["#chan","café 😀"]}
            {"verb":"JOIN","params":["#chan"],"source":null,"tags":null}
            """u8.ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["PRIVMSG #chan :café 😀", "JOIN #chan"], run.Lines);
    }

    [Fact]
    public async Task Format_SpaceInMiddleParam_ReportsTheLineOnStderrAndStillFormatsTheNext()
    {
        var run = await RunAsync("format", """
            {"verb":"PRIVMSG","params":["#a b","hello"]}
            {"verb":"PRIVMSG","params":["#a","hello"]}
            """u8.ToArray());
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["PRIVMSG #a hello"], run.Lines);
        Assert.StartsWith("error: line 1: ", run.StandardError);
        Assert.Contains("'#a b'", run.StandardError);
        Assert.Contains("only the last parameter may", run.StandardError);
    }

    [Fact]
    public async Task Format_BadJsonMissingVerbAndUnknownKey_ReportsEachLineNumberAndExitsOne()
    {
        var run = await RunAsync("format", """
            {"verb":"PING",
            {"params":["x"]}
            {"verb":"PRIVMSG","param":["#chan","hi"]}
            {"verb":"PING","params":["ok"]}
            """u8.ToArray());
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["PING ok"], run.Lines);
        var errors = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, errors.Length);
        Assert.StartsWith("error: line 1: Not valid JSON", errors[0]);
        Assert.StartsWith("error: line 2: \"verb\" is missing", errors[1]);
        Assert.StartsWith("error: line 3: Unknown key \"param\"", errors[2]);
    }

    [Fact]
    public async Task Help_ParseAndFormat_DescribeWhatTheyReadAndPrint()
    {
        var parse = await RunAsync(["irc", "parse", "--help"], []);
        var format = await RunAsync(["irc", "format", "--help"], []);
        Assert.Equal(0, parse.ExitCode);
        Assert.Contains("Read raw IRC lines on stdin", parse.StandardOutput);
        Assert.Contains("{\"tags\":{…},\"source\":…,\"verb\":…,\"params\":[…]}", parse.StandardOutput);
        Assert.Equal(0, format.ExitCode);
        Assert.Contains("Read JSON objects on stdin", format.StandardOutput);
    }

    /// <summary>What `irc parse` prints for <c>PING :<paramref name="token"/></c>.</summary>
    private static string Ping(string token) => $$"""{"tags":{},"source":null,"verb":"PING","params":["{{token}}"]}""";

    private static Task<RustIrcRun> RunAsync(string subcommand, byte[] input) => RunAsync(["irc", subcommand], input);

    private static Task<RustIrcRun> RunAsync(string[] arguments, byte[] input) => RustIrcProcess.RunAsync(arguments, input);

    private static async Task<string> ParseOneAsync(string line)
    {
        var run = await RunAsync("parse", Encoding.UTF8.GetBytes(line + "\n"));
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; stderr: {run.StandardError}");
        return Assert.Single(run.Lines);
    }
}
