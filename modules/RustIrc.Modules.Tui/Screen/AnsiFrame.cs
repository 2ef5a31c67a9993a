using System.Text;

namespace RustIrc.Modules.Tui.Screen;

/// <summary>
/// Turns a frame into the bytes that make the terminal show it: all of it the first time (or after a
/// resize), then only the cells that changed since the frame before, with as few cursor moves and style
/// changes as it can. A flood that changes the chat view redraws the chat view, not the screen.
/// </summary>
internal sealed class AnsiFrame
{
    private ScreenGrid? _shown;

    /// <summary>Forget what the terminal shows (after a resize, or when it may have been drawn over): the next frame is sent whole.</summary>
    public void Invalidate() => _shown = null;

    /// <summary>Appends to <paramref name="output"/> what takes the terminal from the last frame to <paramref name="frame"/>.</summary>
    public void Render(ScreenGrid frame, StringBuilder output)
    {
        var whole = _shown is null || _shown.Width != frame.Width || _shown.Height != frame.Height;
        output.Append("\e[?25l"); // no cursor flicker while drawing
        if (whole) output.Append("\e[0m\e[2J");
        CellStyle? style = null;
        var cursorRow = -1;
        var cursorColumn = -1;
        for (var row = 0; row < frame.Height; row++)
        {
            for (var column = 0; column < frame.Width; column++)
            {
                var cell = frame[row, column];
                if (cell.Text.Length == 0) continue; // the right half of a wide character, drawn with its left
                if (!whole && cell == _shown![row, column] && !WideNeighbourChanged(frame, row, column)) continue;
                if (row != cursorRow || column != cursorColumn) output.Append("\e[").Append(row + 1).Append(';').Append(column + 1).Append('H');
                if (style != cell.Style)
                {
                    cell.Style.AppendSgr(output);
                    style = cell.Style;
                }
                output.Append(cell.Text);
                cursorRow = row;
                cursorColumn = column + (column + 1 < frame.Width && frame[row, column + 1].Text.Length == 0 ? 2 : 1);
            }
        }
        output.Append("\e[0m");
        if (frame.Cursor is { } caret) output.Append("\e[").Append(caret.Row + 1).Append(';').Append(caret.Column + 1).Append("H\e[?25h");
        if (whole) _shown = frame.Clone();
        else frame.CopyTo(_shown!);
    }

    /// <summary>A cell whose right neighbour was the half of a wide character before must be drawn again.</summary>
    private bool WideNeighbourChanged(ScreenGrid frame, int row, int column) =>
        column + 1 < frame.Width && (_shown![row, column + 1].Text.Length == 0) != (frame[row, column + 1].Text.Length == 0);
}
