using System.Globalization;
using System.Text;

namespace RustIrc.Modules.Logger;

/// <summary>
/// A line's time as the logger writes it: the stamp in front of the line (UTF-8, with the space after it)
/// and the period of the file it goes to. Both are worked out again only when the time moves to another
/// second, so a flood formats one stamp per second, not one per line.
/// </summary>
internal sealed class LineStamp(string format, TimeZoneInfo zone, Rotation rotation)
{
    private readonly bool _subSecond = format.Contains('f') || format.Contains('F');
    private readonly char[] _chars = new char[128];
    private readonly byte[] _bytes = new byte[128 * 3 + 1];
    private long _key = long.MinValue;
    private int _length;

    /// <summary>The stamp and a space, for the time last given to <see cref="Set"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    /// <summary>Which file the time belongs in: the local day (<c>yyyyMMdd</c>), month (<c>yyyyMM</c>), or 0 without rotation.</summary>
    public int Period { get; private set; }

    /// <summary>Makes <see cref="Bytes"/> and <see cref="Period"/> those of <paramref name="time"/>.</summary>
    public void Set(DateTimeOffset time)
    {
        var key = _subSecond ? time.UtcTicks : time.UtcTicks / TimeSpan.TicksPerSecond;
        if (key == _key) return;
        _key = key;
        var local = TimeZoneInfo.ConvertTime(time, zone);
        Period = PeriodOf(local, rotation);
        if (!local.TryFormat(_chars, out var written, format, CultureInfo.InvariantCulture))
        {
            written = 0; // a format that long is not a time stamp; the line goes without one
        }
        _length = Encoding.UTF8.GetBytes(_chars.AsSpan(0, written), _bytes);
        _bytes[_length++] = (byte)' ';
    }

    /// <summary>The period of a local time under <paramref name="rotation"/>.</summary>
    public static int PeriodOf(DateTimeOffset local, Rotation rotation) => rotation switch
    {
        Rotation.Daily => local.Year * 10000 + local.Month * 100 + local.Day,
        Rotation.Monthly => local.Year * 100 + local.Month,
        _ => 0,
    };

    /// <summary>The file name of a period: <c>2026-05-01.log</c>, <c>2026-05.log</c> or <c>chat.log</c>.</summary>
    public static string FileName(int period, Rotation rotation) => rotation switch
    {
        Rotation.Daily => $"{period / 10000:0000}-{period / 100 % 100:00}-{period % 100:00}.log",
        Rotation.Monthly => $"{period / 100:0000}-{period % 100:00}.log",
        _ => "chat.log",
    };
}
