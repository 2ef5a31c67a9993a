using System.Globalization;
using RustIrc.Modules.Scripting;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// Reads the arguments of a script call written as literals (<c>"#chan" 42 1.5 true nil {1, k = "v"} function</c>)
/// into script values, as an engine would hand them over. Never fails: whatever is not a literal is a string.
/// </summary>
internal static class ScriptLiteral
{
    /// <summary>The deepest table an engine converts (the Lua engine's limit).</summary>
    private const int MaxDepth = 32;

    public static List<object?> ReadAll(string text)
    {
        var values = new List<object?>();
        var at = 0;
        // More arguments than any API function takes would only repeat the same conversions.
        while (Skip(text, ref at) && values.Count < 16) values.Add(Read(text, ref at, 0));
        return values;
    }

    private static object? Read(string text, ref int at, int depth)
    {
        if (text[at] == '"')
        {
            var close = text.IndexOf('"', at + 1);
            var end = close < 0 ? text.Length : close;
            var value = text[(at + 1)..end];
            at = Math.Min(text.Length, end + 1);
            return value;
        }
        if (text[at] == '{') return ReadTable(text, ref at, depth + 1);
        var start = at;
        while (at < text.Length && !char.IsWhiteSpace(text[at]) && text[at] is not (',' or '}' or '{' or '=')) at++;
        if (at == start) at++; // a lone ',' '}' or '=' outside a table is a string of its own
        var word = text[start..at];
        return word switch
        {
            "nil" => null,
            "true" => true,
            "false" => false,
            "function" => new NoFunction(),
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ when long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => word,
        };
    }

    private static ScriptTable ReadTable(string text, ref int at, int depth)
    {
        at++; // '{'
        var table = new ScriptTable();
        while (Skip(text, ref at) && text[at] != '}')
        {
            if (text[at] == ',')
            {
                at++;
                continue;
            }
            var value = depth < MaxDepth ? Read(text, ref at, depth) : SkipValue(text, ref at);
            if (value is string key && Skip(text, ref at) && text[at] == '=')
            {
                at++;
                table.Fields[key] = Skip(text, ref at) && depth < MaxDepth ? Read(text, ref at, depth) : null;
            }
            else
            {
                table.Array.Add(value);
            }
        }
        at = Math.Min(text.Length, at + 1);
        return table;
    }

    private static object? SkipValue(string text, ref int at)
    {
        at++;
        return null;
    }

    /// <summary>Moves past white space; false at the end of the text.</summary>
    private static bool Skip(string text, ref int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        return at < text.Length;
    }

    /// <summary>A script function that is never called: the conversions only pass it along.</summary>
    private sealed class NoFunction : ScriptFunction
    {
        public override void Release()
        {
        }
    }
}
