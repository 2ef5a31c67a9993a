namespace RustIrc.Host;

/// <summary>
/// Splits a byte stream into lines at LF and drops one CR before it. The bytes are never decoded here, so
/// a line in Latin-1 or broken UTF-8 reaches the IRC codec exactly as it was sent.
/// </summary>
/// <remarks>
/// A returned line is a slice of the reader's buffer and is valid only until the next call. A line longer
/// than the limit is cut at the limit and flagged, and its rest is skipped up to the next LF: this bounds
/// memory when someone pipes a binary file in.
/// </remarks>
internal sealed class ByteLineReader(Stream input, int maxLineBytes, Action beforeWaiting)
{
    private byte[] _buffer = new byte[Math.Min(maxLineBytes, 64 * 1024) + 1];
    private int _start;
    private int _end;
    private int _scanned;
    private bool _skippingRest;
    private bool _endOfInput;

    /// <summary>The 1-based number of the line returned last, counting empty lines.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// Returns the next line without its LF (or CR LF), or false at the end of the input. A last line
    /// without LF is returned too. <paramref name="cut"/> is true when the line was longer than the limit.
    /// </summary>
    /// <remarks>The constructor's <c>beforeWaiting</c> runs before each read of the input, so that output can
    /// be flushed before the reader blocks.</remarks>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool cut)
    {
        while (true)
        {
            var lf = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var length = _scanned + lf;
                var lineStart = _start;
                _start += length + 1;
                _scanned = 0;
                if (_skippingRest)
                {
                    _skippingRest = false;
                    continue;
                }

                cut = length > maxLineBytes;
                line = cut ? _buffer.AsSpan(lineStart, maxLineBytes) : WithoutCarriageReturn(_buffer.AsSpan(lineStart, length));
                LineNumber++;
                return true;
            }

            _scanned = _end - _start;
            if (_skippingRest)
            {
                _start = _end;
                _scanned = 0;
            }
            else if (_scanned > maxLineBytes)
            {
                line = _buffer.AsSpan(_start, maxLineBytes);
                cut = true;
                LineNumber++;
                _skippingRest = true;
                _start = _end;
                _scanned = 0;
                return true;
            }

            if (_endOfInput)
            {
                cut = false;
                if (_end > _start)
                {
                    line = WithoutCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    _scanned = 0;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        beforeWaiting();
        var read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfInput = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        line is [.. var rest, (byte)'\r'] ? rest : line;
}
