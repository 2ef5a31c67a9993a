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

    [Fact]
    public void Clear_BufferWithLines_EmptiesItAndKeepsItOpenAndCurrent()
    {
        var ui = new UiModel(_bus, scrollback: 3);
        ui.Open("net/#a", "net");
        for (var i = 1; i <= 5; i++) ui.Print("net/#a", $"line {i}");
        ui.SwitchTo("net/#a");

        ui.Clear("net/#a");
        ui.Print("net/#a", "after");

        Assert.Equal(["after"], ui.Lines("net/#a", 10).Select(l => l.Text));
        Assert.Equal("net/#a", ui.CurrentBuffer);
        Assert.Equal("net", ui.Buffers().Single(b => b.Name == "net/#a").Network);
    }

    [Fact]
    public void Clear_NoSuchBuffer_SaysSo()
    {
        var ui = new UiModel(_bus, scrollback: 3);

        var error = Assert.Throws<InvalidOperationException>(() => ui.Clear("net/#nowhere"));

        Assert.Contains("no buffer 'net/#nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rename_CurrentQuery_KeepsItsLinesPlaceNetworkAndStaysCurrent()
    {
        var ui = new UiModel(_bus, scrollback: 10);
        ui.Open("net/#a", "net");
        ui.Open("net/bob", "net");
        ui.Open("net/#z", "net");
        ui.Print("net/bob", "<bob> hi", LineKind.Message);
        ui.SwitchTo("net/bob");

        ui.Rename("net/bob", "net/robert");
        ui.Print("net/robert", "<robert> still me", LineKind.Message);

        Assert.Equal(["status", "net/#a", "net/robert", "net/#z"], ui.Buffers().Select(b => b.Name));
        Assert.Equal(["<bob> hi", "<robert> still me"], ui.Lines("net/robert", 10).Select(l => l.Text));
        Assert.Equal("net/robert", ui.CurrentBuffer);
        Assert.Equal("net", ui.Buffers().Single(b => b.Name == "net/robert").Network);
        Assert.Empty(ui.Lines("net/bob", 10));
    }

    [Fact]
    public void Rename_ToABufferThatExists_MergesTheLinesByTime()
    {
        var ui = new UiModel(_bus, scrollback: 10);
        var t0 = DateTimeOffset.UnixEpoch;
        ui.Print("net/old", "first", LineKind.Message, t0);
        ui.Print("net/new", "second", LineKind.Message, t0.AddSeconds(1));
        ui.Print("net/old", "third", LineKind.Message, t0.AddSeconds(2));

        ui.Rename("net/old", "net/new");

        Assert.Equal(["first", "second", "third"], ui.Lines("net/new", 10).Select(l => l.Text));
        Assert.Single(ui.Buffers(), b => b.Name == "net/new");
        Assert.DoesNotContain(ui.Buffers(), b => b.Name == "net/old");
    }

    [Fact]
    public void Rename_StatusOrMissingBuffer_RefusesTheStatusAndIgnoresTheMissing()
    {
        var ui = new UiModel(_bus, scrollback: 10);

        Assert.Throws<InvalidOperationException>(() => ui.Rename("status", "net/x"));
        ui.Rename("net/nobody", "net/someone");

        Assert.Equal(["status"], ui.Buffers().Select(b => b.Name));
    }
}
