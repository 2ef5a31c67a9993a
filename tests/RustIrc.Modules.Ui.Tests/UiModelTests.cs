using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui.Tests;

public sealed class UiModelTests
{
    private readonly RecordingBus _bus = new();

    [Fact]
    public void Print_PastScrollback_KeepsOnlyTheNewestLines()
    {
        var ui = new UiModel(_bus, scrollback: 3);
        for (var i = 1; i <= 5; i++) ui.Print("#a", $"line {i}");
        Assert.Equal(["line 3", "line 4", "line 5"], ui.Lines("#a", 10).Select(l => l.Text));
        Assert.Equal(["line 4", "line 5"], ui.Lines("#a", 2).Select(l => l.Text));
        Assert.Equal(3, ui.Buffers().Single(b => b.Name == "#a").LineCount);
    }

    [Fact]
    public void Restore_StateSavedByThePreviousBuild_BringsBackBuffersLinesAndTheCurrentBuffer()
    {
        var old = new UiModel(_bus, scrollback: 10);
        old.Open("net/#a", "net");
        old.Print("net/#a", "said before", LineKind.Message);
        old.Print("net/#b", "an event", LineKind.Event);
        old.SwitchTo("net/#a");
        var state = UiModelState.Save(old);

        var fresh = new UiModel(_bus, scrollback: 10);
        fresh.Print("net/#a", "printed during the reload");
        UiModelState.Restore(fresh, state);

        Assert.Equal(["said before", "printed during the reload"], fresh.Lines("net/#a", 10).Select(l => l.Text));
        Assert.Equal(LineKind.Message, fresh.Lines("net/#a", 10)[0].Kind);
        Assert.Equal("net/#a", fresh.CurrentBuffer);
        var b = fresh.Buffers().Single(x => x.Name == "net/#b");
        Assert.Equal((Activity.Events, 1), (b.Activity, b.LineCount));
        Assert.Equal("net", fresh.Buffers().Single(x => x.Name == "net/#a").Network);
    }

    [Fact]
    public void Print_TextWithLineBreaks_IsOneLineOfTheBufferPerLine()
    {
        var ui = new UiModel(_bus, scrollback: 10);

        ui.Print("#a", "first\r\n[status] forged\rthird\nlast");

        Assert.Equal(["first", "[status] forged", "third", "last"], ui.Lines("#a", 10).Select(l => l.Text));
        Assert.Equal(4, _bus.Published.OfType<LinePrintedEvent>().Count(e => e.Buffer == "#a"));
    }

    [Fact]
    public void Print_InOtherBuffer_RaisesActivityUntilSwitchedTo()
    {
        var ui = new UiModel(_bus, scrollback: 10);
        ui.Print("#a", "joined", LineKind.Event);
        Assert.Equal(Activity.Events, ui.Buffers().Single(b => b.Name == "#a").Activity);
        ui.Print("#a", "hello", LineKind.Message);
        Assert.Equal(Activity.Messages, ui.Buffers().Single(b => b.Name == "#a").Activity);
        ui.SwitchTo("#A");
        Assert.Equal("#a", ui.CurrentBuffer);
        Assert.Equal(Activity.None, ui.Buffers().Single(b => b.Name == "#a").Activity);
        Assert.Contains(_bus.Published, e => e is TabSwitchEvent { From: "status", To: "#a" });
    }

    [Fact]
    public void Print_DisplayModifier_RewritesOrDropsTheLine()
    {
        _bus.Modifier = text => text.Contains("spam") ? null : text.ToUpperInvariant();
        var ui = new UiModel(_bus, scrollback: 10);
        ui.Print("status", "hello");
        ui.Print("status", "spam spam");
        Assert.Equal(["HELLO"], ui.Lines("status", 10).Select(l => l.Text));
        Assert.Single(_bus.Published.OfType<LinePrintedEvent>());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void PrintSpan_WithOrWithoutReaders_StoresTheLineAndTellsWhoeverListens(bool listened, bool modified)
    {
        _bus.Listened = listened;
        _bus.Modified = modified;
        _bus.Modifier = text => text.ToUpperInvariant();
        var ui = new UiModel(_bus, scrollback: 10);
        var composed = "<ada> hello<bob> hi".ToCharArray();

        ui.Print("#a", composed.AsSpan(0, 11), LineKind.Message);
        ui.Print("#a", composed.AsSpan(11), LineKind.Message);

        string[] expected = modified ? ["<ADA> HELLO", "<BOB> HI"] : ["<ada> hello", "<bob> hi"];
        Assert.Equal(expected, ui.Lines("#a", 10).Select(l => l.Text));
        Assert.Equal(listened ? expected : [], _bus.Published.OfType<LinePrintedEvent>().Select(e => e.Text));
        Assert.Equal(Activity.Messages, ui.Buffers().Single(b => b.Name == "#a").Activity);
    }

    [Fact]
    public void PrintSpan_TextWithLineBreaks_IsOneLineOfTheBufferPerLine()
    {
        _bus.Listened = false;
        _bus.Modified = false;
        var ui = new UiModel(_bus, scrollback: 10);

        ui.Print("#a", "one\r\n[status] forged".AsSpan());

        Assert.Equal(["one", "[status] forged"], ui.Lines("#a", 10).Select(l => l.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WatchLines_EveryLineAdded_ReachesTheWatcherUntilDisposed(bool listened)
    {
        _bus.Listened = listened;
        _bus.Modified = false;
        var ui = new UiModel(_bus, scrollback: 10);
        var seen = new List<string>();
        var watch = ui.WatchLines((buffer, text, kind, _) => seen.Add($"{buffer} {kind} {text}"));

        ui.Print("#a", "<ada> hello".AsSpan(), LineKind.Message);
        ui.Print("#a", "two\nlines");
        watch.Dispose();
        ui.Print("#a", "after");

        Assert.Equal(["#a Message <ada> hello", "#a Info two", "#a Info lines"], seen);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Print_WithTheTimeOfAnEvent_ScrollbackEventAndWatcherCarryThatTime(bool listened)
    {
        _bus.Listened = listened;
        var ui = new UiModel(_bus, scrollback: 10);
        var serverTime = new DateTimeOffset(2020, 2, 29, 23, 59, 58, TimeSpan.Zero);
        var watched = new List<DateTimeOffset>();
        ui.WatchLines((_, _, _, time) => watched.Add(time));

        ui.Print("#a", "<ada> said an hour ago".AsSpan(), LineKind.Message, serverTime);

        Assert.Equal([serverTime], watched);
        Assert.Equal(serverTime, ui.Lines("#a", 1).Single().Time);
        if (listened) Assert.Equal(serverTime, _bus.Published.OfType<LinePrintedEvent>().Single().Time);
    }

    [Fact]
    public void WatchLines_LinePrintedEventEaten_NotPassedToTheWatcher()
    {
        _bus.Result = EventResult.Eat;
        var ui = new UiModel(_bus, scrollback: 10);
        var seen = new List<string>();
        ui.WatchLines((_, text, _, _) => seen.Add(text.ToString()));

        ui.Print("#a", "hidden from the terminal");

        Assert.Empty(seen);
        Assert.Equal(["hidden from the terminal"], ui.Lines("#a", 10).Select(l => l.Text));
    }

    [Fact]
    public void WatchLines_WatcherThatThrows_IsRemovedAndTheStatusBufferSaysSo()
    {
        _bus.Listened = false;
        _bus.Modified = false;
        var ui = new UiModel(_bus, scrollback: 10);
        var calls = 0;
        ui.WatchLines((_, _, _, _) =>
        {
            calls++;
            throw new InvalidOperationException("broken pipe");
        });

        ui.Print("#a", "one");
        ui.Print("#a", "two");

        Assert.Equal(1, calls);
        Assert.Equal(["one", "two"], ui.Lines("#a", 10).Select(l => l.Text));
        var report = Assert.Single(ui.Lines("status", 10));
        Assert.Equal(LineKind.Error, report.Kind);
        Assert.EndsWith("failed and was removed: broken pipe", report.Text);
    }

    [Fact]
    public void Close_StatusBuffer_IsRefused_OtherBuffersClose()
    {
        var ui = new UiModel(_bus, scrollback: 10);
        ui.Open("#a", "net");
        ui.SwitchTo("#a");
        ui.Close("#a");
        Assert.Equal("status", ui.CurrentBuffer);
        Assert.DoesNotContain(ui.Buffers(), b => b.Name == "#a");
        Assert.Throws<InvalidOperationException>(() => ui.Close("status"));
    }
}
