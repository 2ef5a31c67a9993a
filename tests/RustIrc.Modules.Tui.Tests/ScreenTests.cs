using System.Text;
using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Tests;

public sealed class ScreenTests
{
    [Fact]
    public void Write_PastTheLimit_CutAndReturnsTheNextColumn()
    {
        var grid = new ScreenGrid(10, 2);

        var next = grid.Write(0, 2, "hello world", CellStyle.Plain, limit: 8);

        Assert.Equal(8, next);
        Assert.Equal("  hello   ", grid.RowText(0));
    }

    [Fact]
    public void Write_WideCharacters_TakeTwoColumnsEach()
    {
        var grid = new ScreenGrid(5, 1);

        var next = grid.Write(0, 0, "a漢字", CellStyle.Plain);

        Assert.Equal(5, next); // a in 0, 漢 in 1–2, 字 in 3–4
        Assert.Equal("a漢字", grid.RowText(0));
    }

    [Fact]
    public void Write_WideCharacterAtTheLastColumn_LeftOut()
    {
        var grid = new ScreenGrid(4, 1);

        var next = grid.Write(0, 0, "abc漢", CellStyle.Plain);

        Assert.Equal(3, next);
        Assert.Equal("abc ", grid.RowText(0));
    }

    [Fact]
    public void Write_ControlCharacters_NotDrawn()
    {
        var grid = new ScreenGrid(6, 1);

        grid.Write(0, 0, "a\e[2Jb", CellStyle.Plain);

        Assert.DoesNotContain('\e', grid.RowText(0));
    }

    [Fact]
    public void Render_FirstFrame_ClearsAndDrawsEverything()
    {
        var grid = new ScreenGrid(4, 2);
        grid.Write(0, 0, "ab", CellStyle.Plain);
        var output = new StringBuilder();

        new AnsiFrame().Render(grid, output);

        Assert.Contains("\e[2J", output.ToString());
        Assert.Contains("ab", output.ToString());
    }

    [Fact]
    public void Render_NothingChanged_NoCellIsSentAgain()
    {
        var grid = new ScreenGrid(4, 2);
        grid.Write(0, 0, "ab", CellStyle.Plain);
        var frame = new AnsiFrame();
        frame.Render(grid, new StringBuilder());
        var output = new StringBuilder();

        frame.Render(grid, output);

        Assert.Equal("\e[?25l\e[0m", output.ToString());
    }

    [Fact]
    public void Render_OneCellChanged_OnlyThatCellWithAMoveAndItsStyle()
    {
        var grid = new ScreenGrid(4, 2);
        grid.Write(0, 0, "ab", CellStyle.Plain);
        var frame = new AnsiFrame();
        frame.Render(grid, new StringBuilder());
        grid.Write(1, 2, "x", CellStyle.Of(foreground: 9, attributes: CellAttributes.Bold));
        var output = new StringBuilder();

        frame.Render(grid, output);

        Assert.Equal("\e[?25l\e[2;3H\e[0;1;38;5;9mx\e[0m", output.ToString());
    }

    [Fact]
    public void Render_CursorSet_ShownThereAtTheEnd()
    {
        var grid = new ScreenGrid(4, 2) { Cursor = (1, 3) };
        var output = new StringBuilder();

        new AnsiFrame().Render(grid, output);

        Assert.EndsWith("\e[2;4H\e[?25h", output.ToString());
    }

    [Fact]
    public void Render_AfterInvalidate_WholeFrameAgain()
    {
        var grid = new ScreenGrid(3, 1);
        var frame = new AnsiFrame();
        frame.Render(grid, new StringBuilder());
        frame.Invalidate();
        var output = new StringBuilder();

        frame.Render(grid, output);

        Assert.Contains("\e[2J", output.ToString());
    }

    [Theory]
    [InlineData("a", 1)]
    [InlineData("漢", 2)]
    [InlineData("😀", 2)]
    [InlineData("\u0301", 0)]
    [InlineData("\u200B", 0)]
    public void CharWidth_Element_ColumnsAsATerminalDrawsIt(string element, int columns)
    {
        Assert.Equal(columns, CharWidth.OfElement(element));
    }
}
