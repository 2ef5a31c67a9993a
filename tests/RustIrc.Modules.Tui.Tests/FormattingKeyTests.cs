using System.Text;
using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;

namespace RustIrc.Modules.Tui.Tests;

/// <summary>irssi's keys for IRC formatting: typed into the line as codes, shown as reversed letters.</summary>
public sealed class FormattingKeyTests
{
    [Theory]
    [InlineData("\u0002", "\u0002")] // Ctrl-B bold
    [InlineData("\u0003", "\u0003")] // Ctrl-C colour
    [InlineData("\u000f", "\u000f")] // Ctrl-O reset
    [InlineData("\u0016", "\u0016")] // Ctrl-V reverse
    [InlineData("\u001d", "\u001d")] // Ctrl-] italic
    [InlineData("\u001f", "\u001f")] // Ctrl-_ underline
    public void Key_FormattingControl_InsertsItsCode(string typed, string code)
    {
        var keys = new List<Key>();
        new KeyDecoder().Feed(Encoding.Latin1.GetBytes(typed), keys);
        var editor = new LineEditor();

        Assert.True(editor.Handle(Assert.Single(keys)));

        Assert.Equal(code, editor.Text);
    }

    [Fact]
    public void Draw_LineWithCodes_ShowsEachAsAReversedLetterAndPutsTheCaretAfterThem()
    {
        var editor = new LineEditor();
        editor.Insert("\u0002hi\u000304red");
        var grid = new ScreenGrid(30, 1);

        InputView.Draw(grid, 0, 30, "> ", editor);

        Assert.Equal("> BhiC04red", grid.RowText(0).TrimEnd());
        Assert.Equal(CellAttributes.Reverse, grid[0, 2].Style.Attributes);
        Assert.Equal(CellStyle.Plain, grid[0, 3].Style);
        Assert.Equal((0, 11), grid.Cursor);
    }
}
