// IRCv3 message-tags: value escaping and the key grammar.
using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Escaping and validation for IRCv3 message tags. On the wire a tag value cannot hold <c>;</c>, space,
/// CR or LF, so they travel as <c>\:</c>, <c>\s</c>, <c>\r</c>, <c>\n</c>, and a backslash as <c>\\</c>.
/// </summary>
public static class IrcTags
{
    private static readonly SearchValues<char> NeedEscaping = SearchValues.Create("; \\\r\n");

    /// <summary>An empty, read-only tag map, shared by every message without tags.</summary>
    internal static IReadOnlyDictionary<string, string> None { get; } =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>Escapes a tag value for the wire; returns <paramref name="value"/> itself when nothing needs escaping.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = value.AsSpan().IndexOfAny(NeedEscaping);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8).Append(value, 0, first);
        foreach (var c in value.AsSpan(first))
        {
            _ = c switch
            {
                ';' => builder.Append(@"\:"),
                ' ' => builder.Append(@"\s"),
                '\\' => builder.Append(@"\\"),
                '\r' => builder.Append(@"\r"),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>
    /// Turns an escaped tag value back into its text. As the spec asks, a backslash before any other
    /// character is dropped (<c>\b</c> reads as <c>b</c>) and a backslash at the very end is dropped.
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> escaped)
    {
        var first = escaped.IndexOf('\\');
        if (first < 0)
        {
            return escaped.ToString();
        }

        var builder = new StringBuilder(escaped.Length).Append(escaped[..first]);
        for (var i = first; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i == escaped.Length)
            {
                break;
            }

            builder.Append(escaped[i] switch
            {
                ':' => ';',
                's' => ' ',
                'r' => '\r',
                'n' => '\n',
                var other => other,
            });
        }

        return builder.ToString();
    }

    /// <summary>Decodes raw value bytes with <see cref="IrcText.Decode"/> and unescapes them (see <see cref="Unescape(ReadOnlySpan{char})"/>).</summary>
    public static string Unescape(ReadOnlySpan<byte> escaped) => Unescape(IrcText.Decode(escaped));

    /// <summary>
    /// Whether <paramref name="key"/> is a well-formed tag key: an optional <c>+</c> (client-only tag), an
    /// optional vendor such as <c>example.com/</c>, then one or more ASCII letters, digits or <c>-</c>.
    /// </summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.StartsWith('+'))
        {
            key = key[1..];
        }

        var slash = key.IndexOf('/');
        if (slash >= 0)
        {
            var vendor = key[..slash];
            if (vendor.IsEmpty || vendor.ContainsAnyExcept(IrcGrammar.VendorChars))
            {
                return false;
            }

            key = key[(slash + 1)..];
        }

        return !key.IsEmpty && !key.ContainsAnyExcept(IrcGrammar.LabelChars);
    }

    /// <summary>Builds the decoded, unescaped, ordered tag map of a line; later duplicates overwrite earlier values in place.</summary>
    internal static IReadOnlyDictionary<string, string> Materialize(IrcTagEnumerator tags)
    {
        var map = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            map[IrcText.Decode(tag.Key)] = Unescape(tag.EscapedValue);
        }

        return map.Count == 0 ? None : new ReadOnlyDictionary<string, string>(map);
    }
}
