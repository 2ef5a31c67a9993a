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
        var caret = column;
        for (var at = start; at < editor.Cursor; at += StringInfo.GetNextTextElementLength(text, at)) caret += WidthOf(text.AsSpan(at, StringInfo.GetNextTextElementLength(text, at)));
        for (var at = start; at < text.Length && column < width; )
        {
            var length = StringInfo.GetNextTextElementLength(text, at);
            column = FormattingKey(text[at]) is { } letter
                ? grid.Write(row, column, letter, CellStyle.Of(attributes: CellAttributes.Reverse), width)
                : grid.Write(row, column, text.AsSpan(at, length), CellStyle.Plain, width);
            at += length;
        }
        grid.Cursor = (row, Math.Min(caret, width - 1));
    }

    /// <summary>The key that typed an IRC formatting code (Ctrl-B for bold…), shown in reverse where the code is; null for other characters.</summary>
    public static string? FormattingKey(char c) => c switch
    {
        '\x02' => "B",
        '\x03' => "C",
        '\x0f' => "O",
        '\x16' => "V",
        '\x1d' => "]",
        '\x1f' => "_",
        _ => null,
    };

    private static int WidthOf(ReadOnlySpan<char> element) => element.Length == 1 && FormattingKey(element[0]) is not null ? 1 : CharWidth.OfElement(element);

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
            columns += WidthOf(text.AsSpan(starts[i], end - starts[i]));
            if (columns > room) break;
            first = starts[i];
        }
        return first;
    }
}
