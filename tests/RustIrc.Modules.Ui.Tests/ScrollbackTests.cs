using RustIrc.Modules.Ui;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Ui.Tests;

public sealed class ScrollbackTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_MoreLinesThanCapacity_KeepsTheNewestInOrder()
    {
        var lines = new Scrollback(3);
        for (var i = 1; i <= 10; i++) lines.Add(At.AddSeconds(i), $"line {i}", LineKind.Message);

        Assert.Equal(3, lines.Count);
        Assert.Equal(["line 8", "line 9", "line 10"], lines.Last(10).Select(l => l.Text));
        Assert.Equal(At.AddSeconds(10), lines.Last(1)[0].Time);
        Assert.Equal(LineKind.Message, lines.Last(1)[0].Kind);
    }

    [Fact]
    public void Clear_AfterTheRingWrapped_StartsOverWithTheWholeCapacity()
    {
        var lines = new Scrollback(2);
        for (var i = 1; i <= 5; i++) lines.Add(At, new string('x', 150), LineKind.Info);

        lines.Clear();
        lines.Add(At, new string('a', 160), LineKind.Info);
        lines.Add(At, new string('b', 160), LineKind.Info);

        Assert.Equal([new string('a', 160), new string('b', 160)], lines.Last(10).Select(l => l.Text));
    }

    [Fact]
    public void Add_TextWrapsAroundTheRing_ComesBackWhole()
    {
        var lines = new Scrollback(2); // 320 characters of text
        var texts = Enumerable.Range(0, 50).Select(i => new string((char)('a' + i % 26), 90 + i % 60)).ToList();
        foreach (var text in texts) lines.Add(At, text, LineKind.Info);

        Assert.Equal(texts[^2..], lines.Last(2).Select(l => l.Text));
    }

    [Fact]
    public void Add_LongLinesUseUpTheText_OldestLinesGoFirst()
    {
        var lines = new Scrollback(4); // 640 characters
        lines.Add(At, "short", LineKind.Info);
        lines.Add(At, new string('x', 300), LineKind.Info);
        lines.Add(At, new string('y', 300), LineKind.Info);
        Assert.Equal(3, lines.Count); // 605 of 640 characters

        lines.Add(At, new string('z', 100), LineKind.Info);

        Assert.Equal([new string('y', 300), new string('z', 100)], lines.Last(4).Select(l => l.Text));
    }

    [Fact]
    public void Add_LineLongerThanTheWholeRing_IsCutToFit()
    {
        var lines = new Scrollback(1); // 160 characters
        lines.Add(At, new string('z', 1000), LineKind.Info);

        Assert.Equal(Scrollback.AverageLineChars, lines.Last(1)[0].Text.Length);
    }

    [Fact]
    public void New_BufferWithOneLine_TakesAFractionOfAFullOnesMemory()
    {
        // 200 query buffers of a line or two each took 140 MB when every buffer took its full 0.7 MB at once.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = new Scrollback(2000);
        lines.Add(At, "hi there", LineKind.Message);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1, 16 * 1024);
        Assert.Equal(Scrollback.InitialLines, lines.Allocated);
    }

    [Fact]
    public void Add_PastEachGrowthUpToTheCapacity_KeepsEveryLineInOrder()
    {
        var lines = new Scrollback(100);
        var texts = Enumerable.Range(0, 250).Select(i => $"line {i} " + new string((char)('a' + i % 26), i * 37 % 200)).ToList();

        for (var i = 0; i < texts.Count; i++)
        {
            lines.Add(At.AddSeconds(i), texts[i], LineKind.Message);
            if (i == 69) Assert.Equal(texts[..70], lines.Last(1000).Select(l => l.Text)); // grown twice, nothing dropped
        }

        Assert.Equal(100, lines.Allocated);
        Assert.Equal(texts[^lines.Count..], lines.Last(1000).Select(l => l.Text));
        Assert.Equal(At.AddSeconds(249), lines.Last(1)[0].Time);
    }

    [Fact]
    public void Add_PastTheLargestDoubling_GrowsStraightToTheCapacity()
    {
        var lines = new Scrollback(2000);

        for (var i = 0; i <= Scrollback.LargestDoubling; i++) lines.Add(At.AddSeconds(i), $"line {i}", LineKind.Message);

        Assert.Equal(2000, lines.Allocated);
        Assert.Equal(Scrollback.LargestDoubling + 1, lines.Count);
        Assert.Equal("line 0", lines.Last(1000)[0].Text);
    }

    [Fact]
    public void Add_LongLineIntoASmallRing_GrowsInsteadOfCuttingIt()
    {
        var lines = new Scrollback(2000);
        var text = new string('w', Scrollback.InitialLines * Scrollback.AverageLineChars + 10);

        lines.Add(At, "before", LineKind.Info);
        lines.Add(At, text, LineKind.Info);

        Assert.Equal(["before", text], lines.Last(2).Select(l => l.Text));
    }
}
