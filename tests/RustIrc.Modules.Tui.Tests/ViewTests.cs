using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;
using RustIrc.Sdk.Ui;

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

public sealed class LayoutAndListTests
{
    [Fact]
    public void Layout_WideTerminalInAChannel_ListsOnBothSidesAndTheChatBetween()
    {
        var layout = Layout.For(160, 45, showNickList: true);

        Assert.Equal(new Area(0, 0, 1, 160), layout.Topic);
        Assert.Equal(new Area(1, 0, 42, Layout.BufferListWidth), layout.BufferList);
        Assert.Equal(new Area(1, 144, 42, Layout.NickListWidth), layout.NickList);
        Assert.Equal(new Area(1, 19, 42, 124), layout.Chat);
        Assert.Equal(new Area(43, 0, 1, 160), layout.Status);
        Assert.Equal(new Area(44, 0, 1, 160), layout.Input);
    }

    [Fact]
    public void Layout_NarrowTerminal_ListsGiveWayToTheChat()
    {
        var layout = Layout.For(50, 20, showNickList: true);

        Assert.True(layout.BufferList.IsEmpty);
        Assert.True(layout.NickList.IsEmpty);
        Assert.Equal(new Area(1, 0, 17, 50), layout.Chat);
    }

    [Fact]
    public void Layout_NotAChannel_NoNickList()
    {
        var layout = Layout.For(160, 45, showNickList: false);

        Assert.True(layout.NickList.IsEmpty);
        Assert.Equal(160 - 19, layout.Chat.Width);
    }

    [Fact]
    public void BufferList_MoreBuffersThanRows_CurrentOneStaysInSightAndIsReversed()
    {
        var grid = new ScreenGrid(20, 3);
        var buffers = Enumerable.Range(1, 6).Select(i => new BufferEntry(i, $"b{i}", i == 2 ? Activity.Highlight : Activity.None)).ToArray();

        BufferListView.Draw(grid, new Area(0, 0, 3, 10), buffers, current: "b5");

        Assert.Equal([" 3.b3", " 4.b4", " 5.b5"], Enumerable.Range(0, 3).Select(r => grid.RowText(r)[..10].TrimEnd()));
        Assert.Equal(CellAttributes.Reverse, grid[2, 0].Style.Attributes);
    }

    [Fact]
    public void NickList_MoreMembersThanRows_LastRowSaysHowManyMore()
    {
        var grid = new ScreenGrid(12, 3);

        NickListView.Draw(grid, new Area(0, 0, 3, 12), ["@ada", "+bob", "cy", "dee", "eve"]);

        Assert.Equal(["@ada", "+bob", "+3 more"], Enumerable.Range(0, 3).Select(r => grid.RowText(r).TrimEnd()));
    }

    [Fact]
    public void NickColours_SameNickSameColourWhateverItsCase()
    {
        Assert.Equal(NickColours.StyleOf("Ada"), NickColours.StyleOf("ada"));
    }
}

public sealed class ScreenComposerTests
{
    private static ScreenState State() => new()
    {
        Buffers = [new BufferEntry(1, "status", Activity.None), new BufferEntry(2, "libera/#rust", Activity.None), new BufferEntry(3, "libera/#dotnet", Activity.Highlight), new BufferEntry(4, "libera/ada", Activity.Messages)],
        Current = "libera/#rust",
        Topic = "Rust talk | be nice",
        Lines = [new ChatLine("12:00", "<ada> hi all", CellStyle.Plain), new ChatLine("12:01", "<bob> hello", CellStyle.Plain)],
        Members = ["@ada", "bob"],
        Nick = "me",
        Network = "libera",
        Lag = TimeSpan.FromSeconds(2.5),
    };

    [Fact]
    public void Compose_ChannelBuffer_EveryPartInItsPlace()
    {
        var editor = new LineEditor();
        editor.Insert("typing");

        var grid = ScreenComposer.Compose(State(), editor, 100, 12, "12:02", out var rows);

        Assert.StartsWith("Rust talk | be nice", grid.RowText(0));
        Assert.StartsWith(" 1.status", grid.RowText(1));
        Assert.StartsWith(" 2.libera/#rust", grid.RowText(2));
        Assert.Contains("12:01 <bob> hello", grid.RowText(9));
        Assert.Contains("@ada", grid.RowText(1));
        Assert.Equal("[12:02] [me(libera)] [2:libera/#rust] [Lag: 2.5] [Act: 3,4]", grid.RowText(10).TrimEnd());
        Assert.Equal("[libera/#rust] typing", grid.RowText(11).TrimEnd());
        Assert.Equal(2, rows);
        Assert.Equal((11, 21), grid.Cursor);
    }

    [Fact]
    public void Compose_HighlightedBufferInTheActivityList_DrawnInTheHighlightColour()
    {
        var grid = ScreenComposer.Compose(State(), new LineEditor(), 100, 12, "12:02", out _);

        var status = grid.RowText(10);
        var three = status.IndexOf("3,", StringComparison.Ordinal);
        Assert.Equal(BufferListView.StyleOf(Activity.Highlight).Foreground, grid[10, three].Style.Foreground);
    }
}
