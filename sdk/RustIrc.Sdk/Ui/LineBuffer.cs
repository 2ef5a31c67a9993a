namespace RustIrc.Sdk.Ui;

/// <summary>
/// Puts a line together from parts in a reused character array instead of a new string, for printers
/// that run on every line of a flood (<c>&lt;nick&gt; text</c>) and hand the result to a span overload
/// (<see cref="IUiModel.Print(string, ReadOnlySpan{char}, Events.LineKind)"/>, <see cref="ITerminal.WriteLine(ReadOnlySpan{char})"/>).
/// </summary>
/// <remarks>The line is valid until the next <see cref="Join"/>: pass it on, do not keep it. Not thread-safe.</remarks>
public sealed class LineBuffer
{
    private char[] _chars = new char[256];

    /// <summary>The parts one after the other (a null part adds nothing).</summary>
    public ReadOnlySpan<char> Join(params ReadOnlySpan<string?> parts)
    {
        var length = 0;
        foreach (var part in parts) length += part?.Length ?? 0;
        if (length > _chars.Length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        var written = 0;
        foreach (var part in parts)
        {
            part.AsSpan().CopyTo(_chars.AsSpan(written));
            written += part?.Length ?? 0;
        }
        return _chars.AsSpan(0, written);
    }
}
