// What reaches the files: stamps, cleaning, rotation at local midnight, flushing, idle files, and failures.
using RustIrc.Modules.Logger.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Logger.Tests;

public sealed class ChatLogTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 5, 1, 21, 59, 58, TimeSpan.Zero); // 23:59:58 at UTC+2

    private readonly TempFolder _folder = new();
    private readonly TestClock _clock = new(Evening, TestClock.PlusTwo);
    private readonly List<string> _reports = [];

    public void Dispose() => _folder.Dispose();

    private ChatLog Log(Func<LoggerSettings, LoggerSettings>? adjust = null)
    {
        var settings = new LoggerSettings { Root = _folder.Combine("logs") };
        return new ChatLog(adjust?.Invoke(settings) ?? settings, _clock, buffer => new BufferNetwork(!buffer.Contains('/'), CaseMapping.Rfc1459), _reports.Add);
    }

    private string FileOf(string network, string target, string name) => _folder.Combine("logs", network, target, name);

    [Fact]
    public void Write_Line_IsStampedWithItsTimeInTheLocalZone()
    {
        using (var log = Log()) log.Write("libera/#chan", "<ada> hello", LineKind.Message, Evening);

        Assert.Equal(["2026-05-01 23:59:58 <ada> hello"], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-01.log")));
    }

    [Fact]
    public void Write_AcrossLocalMidnight_StartsTheNextDaysFile()
    {
        using (var log = Log())
        {
            log.Write("libera/#chan", "<ada> before", LineKind.Message, Evening);
            log.Write("libera/#chan", "<ada> after", LineKind.Message, Evening.AddSeconds(3));
            log.Write("libera/#chan", "<ada> late playback", LineKind.Message, Evening.AddSeconds(-60));
        }

        Assert.Equal(["2026-05-01 23:59:58 <ada> before", "2026-05-01 23:58:58 <ada> late playback"], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-01.log")));
        Assert.Equal(["2026-05-02 00:00:01 <ada> after"], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-02.log")));
    }

    [Theory]
    [InlineData("monthly", "2026-05.log", "2026-05.log")]
    [InlineData("none", "chat.log", "chat.log")]
    public void Write_OtherRotation_NamesFilesByIt(string rotation, string first, string second)
    {
        using (var log = Log(s => s with { Rotation = Enum.Parse<Rotation>(rotation, ignoreCase: true), TimeFormat = "HH:mm" }))
        {
            log.Write("libera/#chan", "one", LineKind.Message, Evening);
            log.Write("libera/#chan", "two", LineKind.Message, Evening.AddDays(1));
        }

        Assert.Equal(["23:59 one", "23:59 two"], File.ReadAllLines(FileOf("libera", "#chan", first)).Concat(first == second ? [] : File.ReadAllLines(FileOf("libera", "#chan", second))));
    }

    [Fact]
    public void Write_UtcSetting_StampsAndDatesInUtc()
    {
        using (var log = Log(s => s with { Utc = true })) log.Write("libera/#chan", "x", LineKind.Message, Evening.AddSeconds(3));

        Assert.Equal(["2026-05-01 22:00:01 x"], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-01.log")));
    }

    [Fact]
    public void Write_ControlsAndFormatting_AreCleanedSoTheFileIsSafeToCat()
    {
        using (var log = Log()) log.Write("libera/#chan", "<ada> \u0002bold\u0002 \u000304red\u0003 \u001B[2Jclear\u202Eend\ttab", LineKind.Message, Evening);

        var line = File.ReadAllText(FileOf("libera", "#chan", "2026-05-01.log"));
        Assert.Equal("2026-05-01 23:59:58 <ada> bold red clearend\ttab\n", line);
    }

    [Fact]
    public void Write_LongLineAndUnicode_AreWrittenWhole()
    {
        var longText = string.Concat(Enumerable.Repeat("é😀x", 20_000));
        using (var log = Log())
        {
            log.Write("libera/#chan", "short", LineKind.Message, Evening);
            log.Write("libera/#chan", longText, LineKind.Message, Evening);
        }

        Assert.Equal(["2026-05-01 23:59:58 short", "2026-05-01 23:59:58 " + longText], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-01.log")));
    }

    [Theory]
    [InlineData("2026-05-01 23:59:50 <ada> whole\n2026-05-01 23:59:51 <ada> cut in the mid")]
    [InlineData("2026-05-01 23:59:50 <ada> whole\n")]
    public void Write_FileAKilledClientLeft_NextLineStartsOnALineOfItsOwnWithoutAnEmptyOne(string left)
    {
        var path = FileOf("libera", "#chan", "2026-05-01.log");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, left);

        using (var log = Log()) log.Write("libera/#chan", "<ada> next", LineKind.Message, Evening);

        Assert.Equal(left.TrimEnd('\n') + "\n2026-05-01 23:59:58 <ada> next\n", File.ReadAllText(path));
    }

    [Fact]
    public void Tick_PendingLines_ReachTheFileWithoutClosingIt()
    {
        using var log = Log();
        log.Write("libera/#chan", "<ada> one", LineKind.Message, Evening);
        var path = FileOf("libera", "#chan", "2026-05-01.log");
        Assert.Equal("", File.ReadAllText(path)); // kept in memory until the next tick

        log.Tick();

        Assert.Equal(["2026-05-01 23:59:58 <ada> one"], File.ReadAllLines(path));
        Assert.NotNull(log.FileOf("libera/#chan").OpenPath);
    }

    [Fact]
    public void Tick_FileWithoutLinesForFiveMinutes_IsClosedAndOpensAgainForTheNextLine()
    {
        using var log = Log();
        log.Write("libera/#chan", "one", LineKind.Message, Evening);
        var file = log.FileOf("libera/#chan");

        for (var i = 1; i < ChatLog.IdleFlushesBeforeClose; i++) log.Tick();
        Assert.NotNull(file.OpenPath);
        log.Tick();
        Assert.Null(file.OpenPath);

        log.Write("libera/#chan", "two", LineKind.Message, Evening);
        Assert.NotNull(file.OpenPath);
    }

    [Fact]
    public void Write_ExcludedBufferOrLoggingOff_WritesNothing()
    {
        using (var log = Log())
        {
            log.Write("status", "client line", LineKind.Info, Evening);
            log.FileOf("libera/#quiet").Logging = false;
            log.Write("libera/#quiet", "not logged", LineKind.Message, Evening);
            log.Quiet = true;
            log.Write("libera/#chan", "our own answer", LineKind.Info, Evening);
            log.Quiet = false;
            log.Enabled = false;
            log.Write("libera/#chan", "off for all", LineKind.Message, Evening);
        }

        Assert.False(Directory.Exists(_folder.Combine("logs")), "nothing was to be logged, so no folder is made");
    }

    [Fact]
    public void Write_CaseVariantsOfOneChannel_GoToOneFile()
    {
        using (var log = Log())
        {
            log.Write("libera/#Chan[1]", "one", LineKind.Message, Evening);
            log.Write("libera/#chan{1}", "two", LineKind.Message, Evening);
        }

        Assert.Equal(["2026-05-01 23:59:58 one", "2026-05-01 23:59:58 two"], File.ReadAllLines(FileOf("libera", "#chan{1}", "2026-05-01.log")));
    }

    [Fact]
    public void Write_FolderCannotBeMade_ReportsOnceDropsLinesAndRecoversAfterTheRetryDelay()
    {
        File.WriteAllText(_folder.Combine("logs"), "a file where the logs folder should be");
        using var log = Log();

        for (var i = 0; i < 100; i++) log.Write("libera/#chan", $"line {i}", LineKind.Message, Evening);
        log.Tick();

        var report = Assert.Single(_reports);
        Assert.Contains("cannot write the chat log in " + _folder.Combine("logs", "libera", "#chan"), report);

        File.Delete(_folder.Combine("logs"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        log.Tick();
        log.Write("libera/#chan", "still resting", LineKind.Message, Evening);
        _clock.Advance(ChatLog.RetryAfter);
        log.Tick();
        log.Write("libera/#chan", "back", LineKind.Message, Evening);
        log.Tick();

        Assert.Equal(["2026-05-01 23:59:58 back"], File.ReadAllLines(FileOf("libera", "#chan", "2026-05-01.log")));
        Assert.Equal(2, _reports.Count);
        Assert.Contains("writing chat logs again; 101 lines were not logged", _reports[1]);
    }

    [Fact]
    public void Tick_DiskFull_ReportsOnceAndTheClientGoesOn()
    {
        if (!File.Exists("/dev/full")) Assert.Fail("This test needs /dev/full, the device that is always full.");
        var folder = Directory.CreateDirectory(_folder.Combine("logs", "libera", "#chan")).FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "2026-05-01.log"), "/dev/full");
        using var log = Log();

        for (var second = 0; second < 5; second++)
        {
            for (var i = 0; i < 10; i++) log.Write("libera/#chan", $"line {i}", LineKind.Message, Evening);
            log.Tick();
        }

        var report = Assert.Single(_reports);
        Assert.Contains("No space left on device", report);
    }
}
