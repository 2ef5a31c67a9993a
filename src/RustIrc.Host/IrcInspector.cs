// `rustirc irc parse` and `rustirc irc format`: the IRC codec as a pipe tool, without the kernel or any module.
using System.Buffers;
using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using RustIrc.Sdk.Irc;

namespace RustIrc.Host;

internal static class IrcInspector
{
    // Far beyond any IRC line (IrcLimits.MaxLineBytes) or its JSON form, yet it bounds memory on binary input.
    private const int MaxInputLineBytes = 1 << 20;

    /// <summary>The <c>irc</c> command with its <c>parse</c> and <c>format</c> subcommands.</summary>
    public static Command CreateCommand()
    {
        var parse = new Command(
            "parse",
            "Read raw IRC lines on stdin and print each as one JSON object: "
            + "{\"tags\":{…},\"source\":…,\"verb\":…,\"params\":[…]}. Bytes that are not UTF-8 are read as "
            + "Windows-1252, as the client does. A malformed line prints {\"error\":…,\"line\":…}, is reported on "
            + "stderr and makes the exit code 1; the other lines are still printed. Empty lines are skipped.");
        parse.SetAction(_ => Parse(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error));

        var format = new Command(
            "format",
            "Read JSON objects on stdin, one per line, in the shape `rustirc irc parse` prints, and print each as "
            + "a raw IRC line: tag values escaped, ':' before the last parameter only when it needs one. Only "
            + "\"verb\" is required. A line that is not such an object, or a message IRC cannot carry (a space "
            + "in a parameter other than the last, say), is reported on stderr as 'error: line N: …' and makes "
            + "the exit code 1.");
        format.SetAction(_ => Format(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error));

        return new Command("irc", "Inspect IRC lines with the client's codec: parse them to JSON or format JSON into them. Starts no module.")
        {
            parse,
            format,
        };
    }

    /// <summary>Parses every line of <paramref name="input"/>; returns 1 when any line was malformed, else 0.</summary>
    public static int Parse(Stream input, Stream output, TextWriter errors)
    {
        using var stdout = new BufferedStream(output, 1 << 16);
        var json = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(json, IrcMessageJson.WriterOptions);
        var lines = new ByteLineReader(input, MaxInputLineBytes, stdout.Flush);
        var failed = false;
        while (lines.TryReadLine(out var line, out var cut))
        {
            if (cut)
            {
                WriteError(
                    $"The line is longer than {MaxInputLineBytes} bytes; only its first {IrcLimits.MaxLineBytes} are shown.",
                    line[..IrcLimits.MaxLineBytes]);
            }
            else
            {
                var error = IrcLineView.TryParse(line, out var view);
                if (error == IrcParseError.Empty)
                {
                    continue;
                }

                if (error == IrcParseError.None)
                {
                    IrcMessageJson.Write(writer, view.ToMessage());
                }
                else
                {
                    WriteError(IrcFormatException.Describe(error), line);
                }
            }

            EndLine(writer, json, stdout);
        }

        stdout.Flush();
        return failed ? 1 : 0;

        void WriteError(string problem, ReadOnlySpan<byte> line)
        {
            IrcMessageJson.WriteError(writer, problem, IrcText.Decode(line));
            Report(errors, stdout, lines.LineNumber, problem);
            failed = true;
        }
    }

    /// <summary>Formats every JSON line of <paramref name="input"/>; returns 1 when any line could not be formatted, else 0.</summary>
    public static int Format(Stream input, Stream output, TextWriter errors)
    {
        using var stdout = new BufferedStream(output, 1 << 16);
        var lines = new ByteLineReader(input, MaxInputLineBytes, stdout.Flush);
        var failed = false;
        while (lines.TryReadLine(out var line, out var cut))
        {
            if (line.Trim(" \t"u8).IsEmpty && !cut)
            {
                continue;
            }

            string? wire = null;
            string? problem = $"The line is longer than {MaxInputLineBytes} bytes.";
            if (cut || !TryFormat(line, out wire, out problem))
            {
                Report(errors, stdout, lines.LineNumber, problem);
                failed = true;
                continue;
            }

            stdout.Write(Encoding.UTF8.GetBytes(wire));
            stdout.WriteByte((byte)'\n');
        }

        stdout.Flush();
        return failed ? 1 : 0;
    }

    private static bool TryFormat(ReadOnlySpan<byte> line, [NotNullWhen(true)] out string? wire, [NotNullWhen(false)] out string? problem)
    {
        wire = null;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            if (!IrcMessageJson.TryRead(document.RootElement, out var message, out problem))
            {
                return false;
            }

            wire = message.Format();
            return true;
        }
        catch (JsonException e)
        {
            problem = $"Not valid JSON: {e.Message}";
        }
        catch (IrcFormatException e)
        {
            problem = e.Message;
        }

        return false;
    }

    private static void EndLine(Utf8JsonWriter writer, ArrayBufferWriter<byte> json, Stream stdout)
    {
        writer.Flush();
        stdout.Write(json.WrittenSpan);
        stdout.WriteByte((byte)'\n');
        json.ResetWrittenCount();
        writer.Reset();
    }

    // stdout is flushed first so that, on a terminal, each error shows up after the lines before it.
    private static void Report(TextWriter errors, Stream stdout, int lineNumber, string problem)
    {
        stdout.Flush();
        errors.WriteLine($"error: line {lineNumber}: {problem}");
    }
}
