using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;

namespace RustIrc.Modules.Tui.Tests;

/// <summary>mIRC formatting drawn as cell styles, the codes themselves taking no cell.</summary>
public sealed class IrcStyledTextTests
{
    [Fact]
    public void Write_ColourBoldAndReset_StyleTheirTextAndTakeNoCells()
    {
        var grid = new ScreenGrid(40, 1);
        const string text = "\u000304red\u0003 \u0002bold\u000f plain";

        var end = IrcStyledText.Write(grid, 0, 0, text, 0, text.Length, CellStyle.Plain, 40);

        Assert.Equal("red bold plain", grid.RowText(0)[..end]);
        Assert.Equal(9, grid[0, 0].Style.Foreground); // mIRC 4 is the terminal's bright red
        Assert.Null(grid[0, 3].Style.Foreground);
        Assert.Equal(CellAttributes.Bold, grid[0, 4].Style.Attributes);
        Assert.Equal(CellStyle.Plain, grid[0, 9].Style);
    }

    [Fact]
    public void Write_ForegroundAndBackground_BothSet()
    {
        var grid = new ScreenGrid(10, 1);
        const string text = "\u00030,1x";

        IrcStyledText.Write(grid, 0, 0, text, 0, text.Length, CellStyle.Plain, 10);

        Assert.Equal(CellStyle.Of(foreground: 15, background: 0), grid[0, 0].Style);
    }

    [Fact]
    public void Write_SecondRowOfAWrappedLine_KeepsTheStyleTheCodesBeforeItLeft()
    {
        var grid = new ScreenGrid(10, 1);
        const string text = "\u001fab cd";

        IrcStyledText.Write(grid, 0, 0, text, 4, 2, CellStyle.Plain, 10);

        Assert.Equal("cd", grid.RowText(0)[..2]);
        Assert.Equal(CellAttributes.Underline, grid[0, 0].Style.Attributes);
    }

    [Fact]
    public void Write_HexColourAndUnknownColourNumbers_AreSkippedNotShown()
    {
        var grid = new ScreenGrid(20, 1);
        const string text = "\u0004ff0000hex \u000399odd";

        var end = IrcStyledText.Write(grid, 0, 0, text, 0, text.Length, CellStyle.Plain, 20);

        Assert.Equal("hex odd", grid.RowText(0)[..end]);
        Assert.Null(grid[0, 4].Style.Foreground);
    }

    [Fact]
    public void Wrap_TextWithColourCodes_CountsOnlyWhatIsShown()
    {
        // Ten shown characters fit a ten-column row, whatever the codes around them.
        var rows = TextWrap.Rows("\u000304,01abcde\u0003fghij", 10);

        Assert.Single(rows);
    }
}
