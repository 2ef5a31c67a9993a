namespace RustIrc.Sdk.Ui;

/// <summary>
/// Puts a line together from parts in a reused character array instead of a new string, for printers
/// that run on every line of a flood (<c>&lt;nick&gt; text</c>) and hand the result to a span overload
/// (<see cref="IUiModel.Print(string, ReadOnlySpan{char}, Events.LineKind)"/>, <see cref="ITerminal.WriteLine(ReadOnlySpan{char})"/>).
/// </summary>
/// <remarks>The line is valid until the buffer is cleared: pass it on, do not keep it. Not thread-safe.</remarks>
public sealed class LineBuffer
{
    private char[] _chars = new char[256];
    private int _length;

    /// <summary>What was appended since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<char> Line => _chars.AsSpan(0, _length);

    /// <summary>Starts a new line.</summary>
    public LineBuffer Clear()
    {
        _length = 0;
        return this;
    }

    /// <summary>Adds <paramref name="part"/> to the line (a null string adds nothing).</summary>
    public LineBuffer Append(ReadOnlySpan<char> part)
    {
        if (_length + part.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_length + part.Length, _chars.Length * 2));
        part.CopyTo(_chars.AsSpan(_length));
        _length += part.Length;
        return this;
    }

    /// <summary>A new line of the parts one after the other (a null part adds nothing).</summary>
    public ReadOnlySpan<char> Join(params ReadOnlySpan<string?> parts)
    {
        Clear();
        foreach (var part in parts) Append(part);
        return Line;
    }
}
