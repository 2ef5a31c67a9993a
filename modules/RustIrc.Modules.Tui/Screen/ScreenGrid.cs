using System.Globalization;

namespace RustIrc.Modules.Tui.Screen;

/// <summary>One cell: the text element it shows ("" for the right half of a wide character) and its style.</summary>
internal readonly record struct Cell(string Text, CellStyle Style)
{
    public static readonly Cell Blank = new(" ", CellStyle.Plain);
}

/// <summary>
/// A frame of the screen as cells, drawn into by the views and compared with the frame before by
/// <see cref="AnsiFrame"/>, which sends only what changed.
/// </summary>
internal sealed class ScreenGrid
{
    // Single characters are the common case; one string each, made once.
    private static readonly string[] Ascii = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private readonly Cell[] _cells;

    public ScreenGrid(int width, int height)
    {
        Width = Math.Max(1, width);
        Height = Math.Max(1, height);
        _cells = new Cell[Width * Height];
        Clear();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Where the terminal's cursor is left after drawing (the input line's caret), or null to hide it.</summary>
    public (int Row, int Column)? Cursor { get; set; }

    public Cell this[int row, int column] => _cells[row * Width + column];

    public void Clear()
    {
        Array.Fill(_cells, Cell.Blank);
        Cursor = null;
    }

    /// <summary>Fills columns <paramref name="from"/> to <paramref name="to"/> (exclusive) of a row with blanks in <paramref name="style"/>.</summary>
    public void Fill(int row, int from, int to, CellStyle style)
    {
        if ((uint)row >= (uint)Height) return;
        for (var column = Math.Max(0, from); column < Math.Min(to, Width); column++) _cells[row * Width + column] = new Cell(" ", style);
    }

    /// <summary>
    /// Writes <paramref name="text"/> from <paramref name="column"/> of <paramref name="row"/>, cut at
    /// <paramref name="limit"/> (the screen's width when null); returns the column after the last one written.
    /// A wide character that would not fit whole is not written.
    /// </summary>
    public int Write(int row, int column, ReadOnlySpan<char> text, CellStyle style, int? limit = null)
    {
        var end = Math.Min(limit ?? Width, Width);
        if ((uint)row >= (uint)Height) return column;
        var at = 0;
        while (at < text.Length && column < end)
        {
            var length = StringInfo.GetNextTextElementLength(text[at..]);
            var element = text.Slice(at, length);
            at += length;
            var width = CharWidth.OfElement(element);
            if (width == 0) continue; // a control or a lone mark: nothing to draw
            if (column + width > end) break;
            var cellText = element.Length == 1 && element[0] < 128 ? Ascii[element[0]] : element.ToString();
            _cells[row * Width + column] = new Cell(cellText, style);
            if (width == 2) _cells[row * Width + column + 1] = new Cell("", style);
            column += width;
        }
        return column;
    }

    /// <summary>A copy: what the terminal shows once this frame has been sent.</summary>
    public ScreenGrid Clone()
    {
        var copy = new ScreenGrid(Width, Height) { Cursor = Cursor };
        Array.Copy(_cells, copy._cells, _cells.Length);
        return copy;
    }

    /// <summary>Copies this frame into <paramref name="target"/>, a grid of the same size (no new arrays: at 200×50 one is 160 KB, on the large-object heap).</summary>
    public void CopyTo(ScreenGrid target)
    {
        if (target.Width != Width || target.Height != Height) throw new ArgumentException("The grids differ in size.", nameof(target));
        Array.Copy(_cells, target._cells, _cells.Length);
        target.Cursor = Cursor;
    }

    /// <summary>The text of a row as shown, for tests and for the screen's own checks.</summary>
    public string RowText(int row) => string.Concat(Enumerable.Range(0, Width).Select(c => this[row, c].Text));
}
