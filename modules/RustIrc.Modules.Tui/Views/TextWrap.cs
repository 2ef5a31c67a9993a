using System.Globalization;
using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>
/// Breaks a line of chat into screen rows: at a space where one is near enough, else in the middle of a
/// long word, never inside a character. Rows after the first are narrower by an indent, so that wrapped
/// text lines up under the start of the message (as irssi and WeeChat do).
/// </summary>
internal static class TextWrap
{
    /// <summary>The rows of <paramref name="text"/> as (start, length) in UTF-16 units; at least one row.</summary>
    public static List<(int Start, int Length)> Rows(string text, int width, int indent = 0)
    {
        var rows = new List<(int, int)>();
        width = Math.Max(1, width);
        var continuation = Math.Max(1, width - Math.Clamp(indent, 0, width - 1));
        var start = 0;
        while (true)
        {
            var room = rows.Count == 0 ? width : continuation;
            var (end, next) = Fit(text, start, room);
            rows.Add((start, end - start));
            if (next >= text.Length) return rows;
            start = next;
        }
    }

    /// <summary>Where the row from <paramref name="start"/> ends, and where the next one starts (past the space it broke at).</summary>
    private static (int End, int Next) Fit(string text, int start, int room)
    {
        var columns = 0;
        var at = start;
        var lastSpace = -1;
        while (at < text.Length)
        {
            var code = IrcStyledText.CodeLength(text, at);
            if (code > 0)
            {
                at += code;
                continue;
            }
            var length = StringInfo.GetNextTextElementLength(text, at);
            var width = CharWidth.OfElement(text.AsSpan(at, length));
            if (columns + width > room)
            {
                // Break at the last space when it keeps at least a third of the row; else cut the word.
                if (lastSpace > start && lastSpace - start >= room / 3) return (lastSpace, lastSpace + 1);
                return (at == start ? at + length : at, at == start ? at + length : at);
            }
            if (text[at] == ' ') lastSpace = at;
            columns += width;
            at += length;
        }
        return (text.Length, text.Length);
    }
}
