using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Logger;

/// <summary>
/// Every buffer's log: takes each line the UI model shows, finds its buffer's <see cref="LogFile"/>, and
/// writes it there stamped with the line's time. <see cref="Tick"/>, once a second on the client loop,
/// writes what is pending and closes files that went quiet. Runs on the client loop only.
/// </summary>
/// <remarks>
/// A folder or file that cannot be written (no rights, a full disk) is reported once through
/// <c>report</c>; lines are then dropped and counted, writing is tried again every
/// <see cref="RetryAfter"/>, and its return is reported with the count.
/// </remarks>
internal sealed class ChatLog : IDisposable
{
    /// <summary>How long writing rests after a failure before it is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Flushes (seconds) without a line after which a file is closed.</summary>
    public const int IdleFlushesBeforeClose = 300;

    private readonly LoggerSettings _settings;
    private readonly TimeProvider _clock;
    private readonly Func<string, BufferNetwork> _networkOf;
    private readonly Action<string> _report;
    private readonly LineStamp _stamp;
    private readonly Dictionary<string, LogFile> _byBuffer = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LogFile> _byFolder = new(StringComparer.Ordinal);
    private string? _lastBuffer; // a flood logs to one buffer, named by the same string each time
    private LogFile? _lastFile;
    private bool _failing;
    private bool _retrying;
    private long _failedAt;
    private long _lost;

    /// <param name="settings">Where and how to write.</param>
    /// <param name="clock">The time zone of stamps and file dates (unless UTC is set), and the time of retries.</param>
    /// <param name="networkOf">What the IRC module knows of a buffer's network, asked once per buffer.</param>
    /// <param name="report">Shows a problem or its end to the user.</param>
    public ChatLog(LoggerSettings settings, TimeProvider clock, Func<string, BufferNetwork> networkOf, Action<string> report)
    {
        _settings = settings;
        _clock = clock;
        _networkOf = networkOf;
        _report = report;
        _stamp = new LineStamp(settings.TimeFormat, Zone, settings.Rotation);
        Enabled = settings.Enabled;
    }

    /// <summary>Whether any line is logged (<c>/log on all</c>, <c>/log off all</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>While true, lines are not logged: the logger's own answers, which would otherwise fill the log they search.</summary>
    public bool Quiet { get; set; }

    /// <summary>The settings in use.</summary>
    public LoggerSettings Settings => _settings;

    /// <summary>The zone stamps and file dates are in.</summary>
    public TimeZoneInfo Zone => _settings.Utc ? TimeZoneInfo.Utc : _clock.LocalTimeZone;

    /// <summary>Logs one line of <paramref name="buffer"/> (a <see cref="LineWatcher"/>).</summary>
    public void Write(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time)
    {
        if (!Enabled || Quiet) return;
        var file = ReferenceEquals(buffer, _lastBuffer) ? _lastFile! : FileOf(buffer);
        if (!file.Logging) return;
        if (_failing)
        {
            _lost++;
            return;
        }
        _stamp.Set(time);
        try
        {
            // What a terminal would act on is cleaned out, as the terminal's own lines are, so `cat` of a log is safe.
            file.Append(_stamp, TerminalText.IsClean(text) ? text : TerminalText.Clean(text.ToString()), _settings.Rotation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _lost++;
            Fail(file, ex);
            return;
        }
        if (_retrying) Recovered();
    }

    /// <summary>The log of <paramref name="buffer"/>, made on first use (whether it is logged or not).</summary>
    public LogFile FileOf(string buffer)
    {
        if (!_byBuffer.TryGetValue(buffer, out var file))
        {
            var folder = LogPaths.FolderOf(_settings.Root, buffer, _networkOf(buffer));
            if (!_byFolder.TryGetValue(folder, out file))
            {
                file = new LogFile(folder, !IsExcluded(buffer));
                _byFolder[folder] = file;
            }
            _byBuffer[buffer] = file;
        }
        (_lastBuffer, _lastFile) = (buffer, file);
        return file;
    }

    /// <summary>Whether <paramref name="buffer"/> is excluded by the settings.</summary>
    public bool IsExcluded(string buffer) => _settings.Exclude.Any(mask => IrcMask.Matches(mask, buffer, CaseMapping.Ascii));

    /// <summary>The file a line of <paramref name="buffer"/> written now goes to.</summary>
    public string PathNow(string buffer)
    {
        var local = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), Zone);
        return Path.Combine(FileOf(buffer).Folder, LineStamp.FileName(LineStamp.PeriodOf(local, _settings.Rotation), _settings.Rotation));
    }

    /// <summary>Writes what <paramref name="buffer"/> has pending, so that its files hold every line shown so far.</summary>
    public void Flush(string buffer) => Flush(FileOf(buffer));

    /// <summary>Once a second: writes every pending line, closes files idle for five minutes, and tries again after a failure.</summary>
    public void Tick()
    {
        if (_failing)
        {
            if (_clock.GetElapsedTime(_failedAt) < RetryAfter) return;
            _failing = false;
            _retrying = true; // the next line tells whether it works again
        }
        foreach (var file in _byFolder.Values)
        {
            if (file.OpenPath is null) continue;
            if (++file.IdleFlushes >= IdleFlushesBeforeClose) Close(file);
            else Flush(file);
        }
    }

    /// <summary>Writes everything pending and closes every file.</summary>
    public void Dispose()
    {
        foreach (var file in _byFolder.Values) Close(file);
    }

    private void Flush(LogFile file)
    {
        try
        {
            file.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(file, ex);
        }
    }

    private void Close(LogFile file)
    {
        try
        {
            file.Close();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(file, ex);
        }
    }

    private void Fail(LogFile file, Exception ex)
    {
        file.Drop();
        _failedAt = _clock.GetTimestamp();
        var first = !_failing && !_retrying;
        _failing = true;
        _retrying = false;
        if (first)
        {
            _report($"logger: cannot write the chat log in {file.Folder}: {ex.Message} Lines are not logged until it works again; the logger tries every {RetryAfter.TotalSeconds:0} seconds.");
        }
    }

    private void Recovered()
    {
        _retrying = false;
        _report($"logger: writing chat logs again; {_lost} line{(_lost == 1 ? " was" : "s were")} not logged.");
        _lost = 0;
    }
}
