using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>A line of a buffer as the chat view shows it: a time stamp, the text, and how it is drawn.</summary>
internal sealed record ChatLine(string Stamp, string Text, CellStyle Style)
{
    /// <summary>A part of the text drawn in a style of its own (the speaker's nick in its colour).</summary>
    public TextAccent? Accent { get; init; }
}

/// <summary>Characters start…start+length of a line, drawn in <see cref="Style"/>.</summary>
internal readonly record struct TextAccent(int Start, int Length, CellStyle Style);

/// <summary>
/// Draws the newest lines of a buffer that fit in a rectangle, bottom up, each wrapped under its text
/// (the stamp stands only on the first row). Scrolling back moves the window up by whole rows.
/// </summary>
internal static class ChatView
{
    public static readonly CellStyle StampStyle = CellStyle.Of(foreground: 8);

    /// <summary>
    /// Draws <paramref name="lines"/> (oldest first) into rows <paramref name="top"/>…top+height-1, columns
    /// <paramref name="left"/>…left+width-1, with the bottom row <paramref name="scrollBack"/> rows above the
    /// newest. Returns how many rows all the lines take, so the caller can keep the scroll in range.
    /// </summary>
    public static int Draw(ScreenGrid grid, int top, int left, int height, int width, IReadOnlyList<ChatLine> lines, int scrollBack)
    {
        for (var row = top; row < top + height; row++) grid.Fill(row, left, left + width, CellStyle.Plain);
        var bottom = top + height - 1;
        var skip = Math.Max(0, scrollBack);
        var used = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var line = lines[i];
            var indent = line.Stamp.Length == 0 ? 0 : line.Stamp.Length + 1;
            var rows = TextWrap.Rows(line.Text, width - indent, 0);
            used += rows.Count;
            for (var r = rows.Count - 1; r >= 0; r--)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                if (bottom < top) return used + RowsAbove(lines, i, width);
                if (r == 0 && indent > 0) grid.Write(bottom, left, line.Stamp, StampStyle, left + width);
                var (start, length) = rows[r];
                IrcStyledText.Write(grid, bottom, left + indent, line.Text, start, length, line.Style, left + width, line.Accent);
                bottom--;
            }
        }
        return used;
    }

    /// <summary>Rows the lines before <paramref name="index"/> take, for the total the scroll is kept within.</summary>
    private static int RowsAbove(IReadOnlyList<ChatLine> lines, int index, int width)
    {
        var rows = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            var indent = lines[i].Stamp.Length == 0 ? 0 : lines[i].Stamp.Length + 1;
            rows += TextWrap.Rows(lines[i].Text, width - indent).Count;
        }
        return rows;
    }
}
