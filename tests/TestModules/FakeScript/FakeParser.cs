using System.Globalization;
using System.Text.Json;
using RustIrc.Modules.Scripting;

namespace RustIrc.TestModules.FakeScript;

/// <summary>
/// The fake language: one statement per line, words and JSON literals. <c>$name</c> reads a variable,
/// <c>{name}</c> in a quoted text is replaced by one when printed, and <c>do A ; B</c> ends a statement
/// with a block (a handler, a command, a timer, a function). <c>#</c> starts a comment line.
/// </summary>
/// <example>
/// <code>
/// meta "greeter" "1.0" "ada" "Greets joiners"
/// on join priority 1 do print "hello {nick}" ; eat
/// command hi help "Says hi." do call privmsg "#rust" "hi" "net" as sent ; print "sent"
/// command ping help "Answers." do answer "pong"
/// </code>
/// </example>
internal static class FakeParser
{
    /// <summary>A bare word that is not a literal (a keyword, an event name).</summary>
    public sealed record Word(string Text);

    /// <summary><c>$name</c>: the value of a variable.</summary>
    public sealed record Variable(string Name);

    /// <summary>One statement: its words and literals, and the block after <c>do</c>, if any.</summary>
    public sealed record Statement(IReadOnlyList<object?> Parts, IReadOnlyList<Statement>? Block, int Line)
    {
        public string Verb => Parts.Count > 0 && Parts[0] is Word w ? w.Text : "";

        public string WordAt(int index) => index < Parts.Count && Parts[index] is Word w ? w.Text : "";
    }

    /// <summary>The statements of <paramref name="source"/>.</summary>
    /// <exception cref="ScriptException">A line cannot be read.</exception>
    public static IReadOnlyList<Statement> Parse(string source)
    {
        var statements = new List<Statement>();
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = Tokens(line, i + 1);
            statements.Add(Split(parts, i + 1));
        }
        return statements;
    }

    /// <summary>The metadata line (<c>meta NAME VERSION AUTHOR DESCRIPTION</c>), read without running anything.</summary>
    public static ScriptMetadata? Metadata(string source)
    {
        var meta = Parse(source).FirstOrDefault(s => s.Verb == "meta");
        if (meta is null) return null;
        string Text(int i) => i < meta.Parts.Count && meta.Parts[i] is string s ? s : "";
        return new ScriptMetadata(Text(1), Text(2), Text(3), Text(4), []);
    }

    private static Statement Split(List<object?> parts, int line)
    {
        var at = parts.FindIndex(p => p is Word { Text: "do" });
        if (at < 0) return new Statement(parts, null, line);
        var block = new List<Statement>();
        var current = new List<object?>();
        foreach (var part in parts.Skip(at + 1))
        {
            if (part is Word { Text: ";" })
            {
                if (current.Count > 0) block.Add(new Statement(current, null, line));
                current = [];
            }
            else
            {
                current.Add(part);
            }
        }
        if (current.Count > 0) block.Add(new Statement(current, null, line));
        return new Statement(parts.Take(at).ToList(), block, line);
    }

    private static List<object?> Tokens(string line, int number)
    {
        var tokens = new List<object?>();
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] == ' ')
            {
                i++;
                continue;
            }
            var start = i;
            if (line[i] is '"' or '[' or '{')
            {
                i = EndOfJson(line, i, number);
                tokens.Add(Literal(line[start..i], number));
                continue;
            }
            while (i < line.Length && line[i] != ' ') i++;
            tokens.Add(Bare(line[start..i]));
        }
        return tokens;
    }

    private static object? Bare(string word) => word switch
    {
        "true" => true,
        "false" => false,
        "nil" => null,
        "nan" => double.NaN,
        _ when word.StartsWith('$') => new Variable(word[1..]),
        _ when long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => new Word(word),
    };

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (strings may hold brackets and spaces).</summary>
    private static int EndOfJson(string line, int start, int number)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                if (!inString && depth == 0) return i + 1;
                continue;
            }
            if (c == '"') inString = true;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}' && --depth == 0) return i + 1;
        }
        throw new ScriptException($"line {number}: a text or a literal is not closed");
    }

    private static object? Literal(string json, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ScriptException($"line {number}: {json} is not a literal: {ex.Message}");
        }
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => ScriptTable.ListOf(element.EnumerateArray().Select(FromJson)),
        JsonValueKind.Object => ScriptTable.MapOf([.. element.EnumerateObject().Select(p => (p.Name, FromJson(p.Value)))]),
        _ => null,
    };
}
