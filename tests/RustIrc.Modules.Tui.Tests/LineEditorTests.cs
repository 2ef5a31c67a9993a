using RustIrc.Modules.Tui.Input;

namespace RustIrc.Modules.Tui.Tests;

public sealed class LineEditorTests
{
    private static LineEditor Typed(string text)
    {
        var editor = new LineEditor();
        editor.Insert(text);
        return editor;
    }

    [Fact]
    public void Handle_TypingAndMovingLeft_InsertsAtTheCursor()
    {
        var editor = Typed("helo");

        editor.Handle(new Key(KeyCode.Left));
        editor.Handle(Key.Character("l"));

        Assert.Equal("hello", editor.Text);
        Assert.Equal(4, editor.Cursor);
    }

    [Fact]
    public void Handle_HomeEndAndCtrlAE_MoveToTheEnds()
    {
        var editor = Typed("hello");

        editor.Handle(Key.Control('a'));
        Assert.Equal(0, editor.Cursor);
        editor.Handle(Key.Control('e'));
        Assert.Equal(5, editor.Cursor);
        editor.Handle(new Key(KeyCode.Home));
        Assert.Equal(0, editor.Cursor);
        editor.Handle(new Key(KeyCode.End));
        Assert.Equal(5, editor.Cursor);
    }

    [Fact]
    public void Handle_CtrlK_CutsToTheEnd_CtrlU_CutsToTheStart()
    {
        var editor = Typed("hello world");
        editor.Handle(Key.Control('a'));
        for (var i = 0; i < 5; i++) editor.Handle(new Key(KeyCode.Right));

        editor.Handle(Key.Control('k'));
        Assert.Equal("hello", editor.Text);

        editor.Handle(new Key(KeyCode.Left));
        editor.Handle(Key.Control('u'));
        Assert.Equal("o", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    [Fact]
    public void Handle_CtrlW_CutsTheWordBeforeTheCursorAndItsSpaces()
    {
        var editor = Typed("/msg alice  ");

        editor.Handle(Key.Control('w'));

        Assert.Equal("/msg ", editor.Text);
    }

    [Fact]
    public void Handle_BackspaceAndDelete_TakeWholeCharacters()
    {
        var editor = Typed("a😀e\u0301");

        editor.Handle(new Key(KeyCode.Backspace));
        Assert.Equal("a😀", editor.Text);
        editor.Handle(new Key(KeyCode.Left));
        editor.Handle(new Key(KeyCode.Delete));
        Assert.Equal("a", editor.Text);
    }

    [Fact]
    public void Handle_UpAndDown_WalkTheHistoryAndBringTheDraftBack()
    {
        var editor = new LineEditor();
        foreach (var line in new[] { "first", "second" })
        {
            editor.Insert(line);
            editor.Submit();
        }
        editor.Insert("draft");

        editor.Handle(new Key(KeyCode.Up));
        Assert.Equal("second", editor.Text);
        editor.Handle(new Key(KeyCode.Up));
        Assert.Equal("first", editor.Text);
        editor.Handle(new Key(KeyCode.Up));
        Assert.Equal("first", editor.Text);
        editor.Handle(new Key(KeyCode.Down));
        editor.Handle(new Key(KeyCode.Down));
        Assert.Equal("draft", editor.Text);
    }

    [Fact]
    public void Submit_EmptyOrRepeatedLine_NotAddedToTheHistory()
    {
        var editor = new LineEditor();
        foreach (var line in new[] { "a", "a", "", "b" })
        {
            editor.Insert(line);
            editor.Submit();
        }

        Assert.Equal(["a", "b"], editor.History);
    }

    [Fact]
    public void Submit_PastTheHistoryLimit_OldestGoes()
    {
        var editor = new LineEditor(historyLimit: 2);
        foreach (var line in new[] { "a", "b", "c" })
        {
            editor.Insert(line);
            editor.Submit();
        }

        Assert.Equal(["b", "c"], editor.History);
    }

    [Fact]
    public void Handle_KeyThatIsNotEditing_NotHandled()
    {
        var editor = Typed("x");

        Assert.False(editor.Handle(new Key(KeyCode.PageUp)));
        Assert.False(editor.Handle(Key.Character("1", KeyModifiers.Alt)));
        Assert.Equal("x", editor.Text);
    }
}
