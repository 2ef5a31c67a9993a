using System.Net;
using System.Text;

namespace RustIrc.Samples.UrlTitles;

/// <summary>The text of a page's <c>&lt;title&gt;</c>, as one short line.</summary>
internal static class HtmlTitle
{
    /// <summary>The longest title shown, ellipsis included.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// The first <c>&lt;title&gt;</c>'s text with entities decoded, every run of white space (and control
    /// characters, which IRC would read as formatting) made one space, cut to <see cref="MaxLength"/>;
    /// null when the page has no title or an empty one (JSON, images, plain text).
    /// </summary>
    public static string? Extract(string html)
    {
        var open = FindOpeningTag(html);
        if (open < 0) return null;
        var close = html.IndexOf("</title", open, StringComparison.OrdinalIgnoreCase);
        if (close < 0) return null;
        var text = Collapse(WebUtility.HtmlDecode(html[open..close]));
        return text.Length == 0 ? null : Cut(text);
    }

    /// <summary>Where the text after <c>&lt;title …&gt;</c> starts, or -1; <c>&lt;titlebar&gt;</c> is not a title.</summary>
    private static int FindOpeningTag(string html)
    {
        for (var at = html.IndexOf("<title", StringComparison.OrdinalIgnoreCase); at >= 0;
             at = html.IndexOf("<title", at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var after = at + "<title".Length;
            if (after < html.Length && (html[after] == '>' || char.IsWhiteSpace(html[after])))
            {
                var end = html.IndexOf('>', after);
                return end < 0 ? -1 : end + 1;
            }
        }
        return -1;
    }

    private static string Collapse(string text)
    {
        var line = new StringBuilder(Math.Min(text.Length, MaxLength * 2));
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c)) line.Append(c);
            else if (line.Length > 0 && line[^1] != ' ') line.Append(' ');
        }
        return line.ToString().TrimEnd();
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxLength) return text;
        var keep = MaxLength - 1;
        if (char.IsHighSurrogate(text[keep - 1])) keep--; // never half an emoji
        return text[..keep].TrimEnd() + "…";
    }
}
