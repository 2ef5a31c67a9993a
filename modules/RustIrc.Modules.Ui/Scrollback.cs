using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>
/// The last lines of one buffer, kept without an object per line: the text of every line lives in one
/// circular character array and each line is a small struct pointing into it. Under a flood, per-line
/// objects would survive long enough to be promoted to the oldest GC generation and pile up there as
/// garbage; this keeps a buffer's memory fixed no matter how many lines pass through. The arrays start
/// small and double as lines come, up to the capacity: a query buffer with a few lines must not cost the
/// 0.7 MB of a full one (the soak's 200 private senders took 140 MB before, docs/reliability.md).
/// </summary>
/// <remarks>
/// A buffer holds at most <c>lineCapacity</c> lines and <c>lineCapacity × AverageLineChars</c>
/// characters of text; when long lines use up the characters, the oldest lines go first. A line longer
/// than the whole text ring is cut to fit.
/// </remarks>
internal sealed class Scrollback
{
    /// <summary>Characters reserved per line on average (IRC lines are at most ~510 bytes, usually far fewer).</summary>
    public const int AverageLineChars = 160;

    /// <summary>Lines the arrays have room for at first.</summary>
    public const int InitialLines = 32;

    /// <summary>The most lines the arrays double to; the next growth takes them to the capacity.</summary>
    public const int LargestDoubling = 256;

    private readonly int _lineCapacity;
    private Entry[] _lines;
    private char[] _text;
    private int _first;      // index in _lines of the oldest line
    private int _textStart;  // where the oldest line's text starts in _text
    private int _textUsed;

    public Scrollback(int lineCapacity)
    {
        _lineCapacity = Math.Max(1, lineCapacity);
        _lines = new Entry[Math.Min(_lineCapacity, InitialLines)];
        _text = new char[_lines.Length * AverageLineChars];
    }

    public int Count { get; private set; }

    /// <summary>Lines the arrays have room for now (they grow up to the capacity).</summary>
    public int Allocated => _lines.Length;

    public void Add(DateTimeOffset time, ReadOnlySpan<char> text, LineKind kind)
    {
        var length = Math.Min(text.Length, _lineCapacity * AverageLineChars);
        while (Count == _lines.Length || _textUsed + length > _text.Length)
        {
            if (_lines.Length < _lineCapacity) Grow();
            else if (Count > 0) DropOldest();
            else break;
        }

        var start = (_textStart + _textUsed) % _text.Length;
        var firstPart = Math.Min(length, _text.Length - start);
        text[..firstPart].CopyTo(_text.AsSpan(start));
        text[firstPart..length].CopyTo(_text);
        _textUsed += length;

        _lines[(_first + Count) % _lines.Length] = new Entry(start, length, time.UtcTicks, kind);
        Count++;
    }

    /// <summary>Forgets every line, keeping the arrays: a cleared buffer costs no new memory.</summary>
    public void Clear()
    {
        _first = 0;
        _textStart = 0;
        _textUsed = 0;
        Count = 0;
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first, as new objects.</summary>
    public IReadOnlyList<BufferLine> Last(int count)
    {
        count = Math.Clamp(count, 0, Count);
        var result = new BufferLine[count];
        for (var i = 0; i < count; i++)
        {
            var entry = _lines[(_first + Count - count + i) % _lines.Length];
            result[i] = new BufferLine(new DateTimeOffset(entry.Ticks, TimeSpan.Zero), TextOf(entry), entry.Kind);
        }
        return result;
    }

    private string TextOf(Entry entry)
    {
        var firstPart = Math.Min(entry.Length, _text.Length - entry.Start);
        return firstPart == entry.Length
            ? new string(_text, entry.Start, entry.Length)
            : string.Concat(_text.AsSpan(entry.Start, firstPart), _text.AsSpan(0, entry.Length - firstPart));
    }

    /// <summary>
    /// Doubles the arrays while they stay small, then goes straight to the capacity, the oldest line first in
    /// the new ones. Doubling on past 256 lines would leave large-object-heap garbage (a flood's peak memory
    /// rose by 1.5 MB); up to there each text array stays under the 85,000-byte large-object limit.
    /// </summary>
    private void Grow()
    {
        var doubled = _lines.Length * 2;
        var lines = new Entry[doubled > LargestDoubling ? _lineCapacity : Math.Min(_lineCapacity, doubled)];
        var text = new char[lines.Length * AverageLineChars];
        var used = 0;
        for (var i = 0; i < Count; i++)
        {
            var entry = _lines[(_first + i) % _lines.Length];
            var firstPart = Math.Min(entry.Length, _text.Length - entry.Start);
            _text.AsSpan(entry.Start, firstPart).CopyTo(text.AsSpan(used));
            _text.AsSpan(0, entry.Length - firstPart).CopyTo(text.AsSpan(used + firstPart));
            lines[i] = entry with { Start = used };
            used += entry.Length;
        }
        (_lines, _text, _first, _textStart, _textUsed) = (lines, text, 0, 0, used);
    }

    private void DropOldest()
    {
        var oldest = _lines[_first];
        _textStart = (_textStart + oldest.Length) % _text.Length;
        _textUsed -= oldest.Length;
        _first = (_first + 1) % _lines.Length;
        Count--;
        if (Count == 0)
        {
            _textStart = 0;
            _textUsed = 0;
        }
    }

    private readonly record struct Entry(int Start, int Length, long Ticks, LineKind Kind);
}
