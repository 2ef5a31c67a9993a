using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// The matching behind scripts' <c>re</c> module: .NET's regular expressions with a timeout, since CPython's
/// own engine runs in C, holds the interpreter, and cannot be interrupted while it backtracks. Patterns are
/// written as Python writes them and translated (named groups numbered left to right, as Python numbers
/// them); positions are Python's, counted in code points. The Python side (PythonSandbox.py) builds the
/// <c>Pattern</c> and <c>Match</c> objects from what these return.
/// </summary>
internal static class PythonRegex
{
    // Python's flag values (re.IGNORECASE …), as scripts pass them.
    private const long IgnoreCase = 2, Multiline = 8, DotAll = 16, Verbose = 64;
    private const int CacheSize = 512;

    private static readonly ConcurrentDictionary<(string Pattern, long Flags), Compiled> Cache = new();

    /// <summary>A translated pattern: the .NET regex and Python's names of its groups.</summary>
    private sealed record Compiled(Regex Regex, int Groups, Dictionary<string, int> Names);

    /// <summary>
    /// <c>re.info(pattern, flags)</c>: [number of groups, {name: number}], or a <see cref="ScriptApiException"/>
    /// saying what is wrong with the pattern.
    /// </summary>
    public static object Info(object?[] arguments, TimeSpan timeout)
    {
        var compiled = Compile(Text(arguments, 0), Number(arguments, 1), timeout);
        var names = new ScriptTable();
        foreach (var (name, number) in compiled.Names) names.Fields[name] = (long)number;
        return ScriptTable.ListOf([(long)compiled.Groups, names]);
    }

    /// <summary>
    /// <c>re.scan(pattern, flags, string, pos, endpos, anchor, limit)</c>: the matches from <c>pos</c> on, in
    /// <c>string[:endpos]</c>, each a list of group spans [start, end, start1, end1, …] (-1 for a group that
    /// did not take part). Anchor 0 searches, 1 matches at <c>pos</c> only, 2 matches all of it; at most
    /// <c>limit</c> matches (0: all).
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">It backtracked past the call's time.</exception>
    public static object Scan(object?[] arguments, TimeSpan timeout)
    {
        var pattern = Text(arguments, 0);
        var flags = Number(arguments, 1);
        var subject = Text(arguments, 2);
        var anchor = Number(arguments, 5);
        var limit = Number(arguments, 6);
        var compiled = Compile(anchor switch { 1 => $@"\G(?:{pattern})", 2 => $@"\G(?:{pattern})\z", _ => pattern }, flags, timeout);
        var units = CodePoints.Of(subject);
        var end = units.ToUnits(Math.Clamp(Number(arguments, 4), 0, units.Length));
        var start = units.ToUnits(Math.Clamp(Number(arguments, 3), 0, units.Length));
        var input = end == subject.Length ? subject : subject[..end];
        var found = new ScriptTable();
        if (start > input.Length) return found;
        for (var match = compiled.Regex.Match(input, start); match.Success; match = match.NextMatch())
        {
            var spans = new ScriptTable();
            for (var g = 0; g <= compiled.Groups; g++)
            {
                var group = match.Groups[g];
                spans.Array.Add(group.Success ? (long)units.FromUnits(group.Index) : -1L);
                spans.Array.Add(group.Success ? (long)units.FromUnits(group.Index + group.Length) : -1L);
            }
            found.Array.Add(spans);
            if (anchor != 0 || (limit > 0 && found.Array.Count >= limit)) break;
        }
        return found;
    }

    private static Compiled Compile(string pattern, long flags, TimeSpan timeout)
    {
        if (Cache.TryGetValue((pattern, flags), out var cached) && cached.Regex.MatchTimeout == timeout) return cached;
        var (translated, groups, names) = Translate(pattern);
        var options = RegexOptions.CultureInvariant;
        if ((flags & IgnoreCase) != 0) options |= RegexOptions.IgnoreCase;
        if ((flags & Multiline) != 0) options |= RegexOptions.Multiline;
        if ((flags & DotAll) != 0) options |= RegexOptions.Singleline;
        if ((flags & Verbose) != 0) options |= RegexOptions.IgnorePatternWhitespace;
        Regex regex;
        try
        {
            regex = new Regex(translated, options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ScriptApiException($"re.error: {ex.Message}");
        }
        if (Cache.Count >= CacheSize) Cache.Clear();
        return Cache[(pattern, flags)] = new Compiled(regex, groups, names);
    }

    /// <summary>
    /// Python's pattern syntax in .NET's: <c>(?P&lt;name&gt;…)</c> becomes a plain group whose number is
    /// remembered (so groups number left to right as in Python, not named ones last as in .NET),
    /// <c>(?P=name)</c> a back reference by number, <c>\Z</c> <c>\z</c>, <c>{,n}</c> <c>{0,n}</c>.
    /// </summary>
    private static (string Pattern, int Groups, Dictionary<string, int> Names) Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 8);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                result.Append(next == 'Z' && !inClass ? @"\z" : $"\\{next}");
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                result.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                result.Append(c);
                // A ']' first in a class is a literal, in both.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') result.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(@"\]");
                    i++;
                }
                continue;
            }
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == ',')
            {
                result.Append("{0");
                continue;
            }
            if (c != '(')
            {
                result.Append(c);
                continue;
            }
            if (i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                if (pattern.AsSpan(i).StartsWith("(?P<"))
                {
                    var close = pattern.IndexOf('>', i + 4);
                    if (close < 0) throw new ScriptApiException("re.error: missing >, unterminated name");
                    names[pattern[(i + 4)..close]] = ++groups;
                    result.Append('(');
                    i = close;
                    continue;
                }
                if (pattern.AsSpan(i).StartsWith("(?P="))
                {
                    var close = pattern.IndexOf(')', i + 4);
                    if (close < 0 || !names.TryGetValue(pattern[(i + 4)..close], out var number))
                    {
                        throw new ScriptApiException($"re.error: unknown group name in {pattern[i..Math.Min(pattern.Length, i + 20)]}");
                    }
                    result.Append(@"(?:\").Append(number).Append(')');
                    i = close;
                    continue;
                }
                result.Append(c);
                continue;
            }
            groups++;
            result.Append(c);
        }
        return (result.ToString(), groups, names);
    }

    private static string Text(object?[] arguments, int index) =>
        index < arguments.Length && arguments[index] is string text ? text : throw new ScriptApiException($"re: argument {index + 1} must be a str");

    private static long Number(object?[] arguments, int index) => index < arguments.Length ? arguments[index] switch
    {
        long l => l,
        double d when d == Math.Floor(d) => (long)d,
        bool b => b ? 1 : 0,
        _ => throw new ScriptApiException($"re: argument {index + 1} must be an int"),
    } : 0;

    /// <summary>Python's positions (code points) against .NET's (UTF-16 units), for one string.</summary>
    private readonly struct CodePoints
    {
        // The UTF-16 index of each code point, or null when the string has no surrogate pair (they agree).
        private readonly int[]? _units;

        private CodePoints(int[]? units, int length)
        {
            _units = units;
            Length = length;
        }

        /// <summary>How many code points the string has.</summary>
        public int Length { get; }

        public static CodePoints Of(string text)
        {
            if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDBFF')) return new CodePoints(null, text.Length);
            var units = new List<int>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                units.Add(i);
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            }
            units.Add(text.Length);
            return new CodePoints([.. units], units.Count - 1);
        }

        public int ToUnits(long codePoint) => _units is null ? (int)codePoint : _units[codePoint];

        public int FromUnits(int unit)
        {
            if (_units is null) return unit;
            var found = Array.BinarySearch(_units, unit);
            return found >= 0 ? found : ~found;
        }
    }
}
