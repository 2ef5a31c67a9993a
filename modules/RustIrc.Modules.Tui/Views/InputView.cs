using System.Globalization;
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
        var caret = column + CharWidth.OfText(text.AsSpan(start, editor.Cursor - start));
        grid.Write(row, column, text.AsSpan(start), CellStyle.Plain, width);
        grid.Cursor = (row, Math.Min(caret, width - 1));
    }

    /// <summary>The first index shown: the text's start, or the nearest start of a character from which the cursor fits.</summary>
    private static int FirstShown(string text, int cursor, int room)
    {
        // The characters before the cursor, then walked back from it while they fit: linear in the line.
        var starts = new List<int>();
        for (var at = 0; at < cursor; at += StringInfo.GetNextTextElementLength(text, at)) starts.Add(at);
        var columns = 0;
        var first = cursor;
        for (var i = starts.Count - 1; i >= 0; i--)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : cursor;
            columns += CharWidth.OfElement(text.AsSpan(starts[i], end - starts[i]));
            if (columns > room) break;
            first = starts[i];
        }
        return first;
    }
}
