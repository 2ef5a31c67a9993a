using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;

namespace RustIrc.Modules.Tui.Tests;

public sealed class ViewTests
{
    private static string[] Wrapped(string text, int width, int indent = 0) =>
        TextWrap.Rows(text, width, indent).Select(r => text.Substring(r.Start, r.Length)).ToArray();

    [Fact]
    public void Rows_ShortText_OneRow()
    {
        Assert.Equal(["hello"], Wrapped("hello", 10));
    }

    [Fact]
    public void Rows_LongText_BreaksAtSpacesAndDropsThem()
    {
        Assert.Equal(["the quick", "brown fox", "jumps"], Wrapped("the quick brown fox jumps", 10));
    }

    [Fact]
    public void Rows_WordLongerThanTheRow_CutInsideIt()
    {
        Assert.Equal(["abcde", "fghij", "k"], Wrapped("abcdefghijk", 5));
    }

    [Fact]
    public void Rows_Indent_ContinuationRowsAreNarrower()
    {
        Assert.Equal(["aaaa bbbb", "cccc", "dddd"], Wrapped("aaaa bbbb cccc dddd", 10, indent: 4));
    }

    [Fact]
    public void Rows_WideCharacters_CountTwoColumnsAndStayWhole()
    {
        Assert.Equal(["漢字", "漢字"], Wrapped("漢字漢字", 5));
    }

    [Fact]
    public void Rows_EmptyText_OneEmptyRow()
    {
        Assert.Equal([""], Wrapped("", 10));
    }

    [Fact]
    public void ChatView_MoreLinesThanRows_NewestAtTheBottom()
    {
        var grid = new ScreenGrid(20, 3);
        var lines = Enumerable.Range(1, 5).Select(i => new ChatLine("", $"line {i}", CellStyle.Plain)).ToArray();

        ChatView.Draw(grid, 0, 0, 3, 20, lines, scrollBack: 0);

        Assert.Equal(["line 3", "line 4", "line 5"], Enumerable.Range(0, 3).Select(r => grid.RowText(r).TrimEnd()));
    }

    [Fact]
    public void ChatView_ScrolledBack_ShowsOlderRows()
    {
        var grid = new ScreenGrid(20, 2);
        var lines = Enumerable.Range(1, 5).Select(i => new ChatLine("", $"line {i}", CellStyle.Plain)).ToArray();

        var total = ChatView.Draw(grid, 0, 0, 2, 20, lines, scrollBack: 2);

        Assert.Equal(5, total);
        Assert.Equal(["line 2", "line 3"], Enumerable.Range(0, 2).Select(r => grid.RowText(r).TrimEnd()));
    }

    [Fact]
    public void ChatView_WrappedLine_StampOnTheFirstRowAndTextAlignedUnderIt()
    {
        var grid = new ScreenGrid(18, 3);
        var lines = new[] { new ChatLine("12:00", "<ada> hello there world", CellStyle.Plain) };

        ChatView.Draw(grid, 0, 0, 3, 18, lines, scrollBack: 0);

        Assert.Equal(["", "12:00 <ada> hello", "      there world"], Enumerable.Range(0, 3).Select(r => grid.RowText(r).TrimEnd()));
    }

    [Fact]
    public void InputView_ShortLine_PromptTextAndCursorAfterIt()
    {
        var grid = new ScreenGrid(20, 1);
        var editor = new LineEditor();
        editor.Insert("hi");

        InputView.Draw(grid, 0, 20, "[#c] ", editor);

        Assert.Equal("[#c] hi", grid.RowText(0).TrimEnd());
        Assert.Equal((0, 7), grid.Cursor);
    }

    [Fact]
    public void InputView_LineLongerThanTheScreen_ScrolledSoTheCursorShows()
    {
        var grid = new ScreenGrid(10, 1);
        var editor = new LineEditor();
        editor.Insert("abcdefghijklmnop");

        InputView.Draw(grid, 0, 10, "> ", editor);

        Assert.EndsWith("p", grid.RowText(0).TrimEnd());
        Assert.True(grid.Cursor!.Value.Column < 10);
        Assert.StartsWith("> ", grid.RowText(0));
    }
}
