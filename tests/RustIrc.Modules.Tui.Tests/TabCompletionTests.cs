using RustIrc.Modules.Tui.Input;

namespace RustIrc.Modules.Tui.Tests;

/// <summary>Tab completion in the input line: nicks, channels, commands, cycling.</summary>
public sealed class TabCompletionTests
{
    private static readonly string[] Nicks = ["ada", "adam", "bob"];
    private static readonly string[] Channels = ["#rust", "#rustirc"];
    private readonly TabCompletion _completion = new();
    private readonly LineEditor _editor = new();

    [Fact]
    public void Tab_NickAtTheStartOfTheLine_CompletesWithAColonAndCyclesOnTheNextTab()
    {
        _editor.Insert("AD");

        Assert.True(Complete());
        Assert.Equal("ada: ", _editor.Text);
        Assert.True(Complete());
        Assert.Equal("adam: ", _editor.Text);
        Assert.True(Complete());
        Assert.Equal("ada: ", _editor.Text);
    }

    [Fact]
    public void Tab_NickInsideTheLine_CompletesWithASpaceAndKeepsWhatFollows()
    {
        _editor.Insert("hi bo later");
        _editor.MoveTo("hi bo".Length);

        Assert.True(Complete());
        Assert.Equal("hi bob  later", _editor.Text);
        Assert.Equal("hi bob ".Length, _editor.Cursor);
    }

    [Fact]
    public void Tab_Channel_CompletesFromTheJoinedChannels()
    {
        _editor.Insert("see #rusti");

        Assert.True(Complete());
        Assert.Equal("see #rustirc ", _editor.Text);
    }

    [Fact]
    public void Tab_CommandLine_AsksTheRegistryForTheLastWord()
    {
        string? asked = null;
        _editor.Insert("/module rel");

        Assert.True(_completion.Complete(_editor, partial => { asked = partial; return ["reload"]; }, Nicks, Channels));

        Assert.Equal("/module rel", asked);
        Assert.Equal("/module reload ", _editor.Text);
    }

    [Fact]
    public void Tab_NothingMatches_ReturnsFalseAndLeavesTheLine()
    {
        _editor.Insert("zz");

        Assert.False(Complete());
        Assert.Equal("zz", _editor.Text);
    }

    [Fact]
    public void Tab_AfterAnotherEdit_StartsAFreshCompletion()
    {
        _editor.Insert("ad");
        Complete();
        _completion.Reset();
        _editor.Replace("b");

        Assert.True(Complete());
        Assert.Equal("bob: ", _editor.Text);
    }

    private bool Complete() => _completion.Complete(_editor, _ => [], Nicks, Channels);
}
