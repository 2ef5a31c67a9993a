using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>
/// Draws the input line: the prompt, then as much of the text as fits, scrolled sideways so that the
/// cursor is always on screen, and puts the terminal's cursor there.
/// </summary>
internal static class InputView
{
    public static void Draw(ScreenGrid grid, int row, int width, string prompt, LineEditor editor)
    {
        grid.Fill(row, 0, width, CellStyle.Plain);
        var column = grid.Write(row, 0, prompt, CellStyle.Of(attributes: CellAttributes.Bold), width);
        var room = Math.Max(1, width - column - 1);
        var text = editor.Text;
        var start = FirstShown(text, editor.Cursor, room);
        var caret = column + Columns(text.AsSpan(start, editor.Cursor - start));
        grid.Write(row, column, text.AsSpan(start), CellStyle.Plain, width);
        grid.Cursor = (row, Math.Min(caret, width - 1));
    }

    /// <summary>The first index shown: the text's start, or far enough along that the cursor fits.</summary>
    private static int FirstShown(string text, int cursor, int room)
    {
        var start = 0;
        while (Columns(text.AsSpan(start, cursor - start)) > room) start++;
        // Never start inside a surrogate pair.
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start])) start++;
        return start;
    }

    private static int Columns(ReadOnlySpan<char> text)
    {
        var columns = 0;
        var at = 0;
        while (at < text.Length)
        {
            var length = System.Globalization.StringInfo.GetNextTextElementLength(text[at..]);
            columns += CharWidth.OfElement(text.Slice(at, length));
            at += length;
        }
        return columns;
    }
}
