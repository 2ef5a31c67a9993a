namespace RustIrc.Sdk.Irc;

/// <summary>
/// Walks the <c>key=value;key2</c> tags section of a line without allocating. Segments are returned in wire
/// order, repeated keys included (the last one is the one that counts); empty segments and segments with
/// an empty key are skipped. Use it in <c>foreach</c> over <see cref="IrcLineView.EnumerateTags"/>.
/// </summary>
public ref struct IrcTagEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts before the first tag of <paramref name="rawTags"/> (the section without its <c>@</c>).</summary>
    public IrcTagEnumerator(ReadOnlySpan<byte> rawTags)
    {
        _remaining = rawTags;
        Current = default;
    }

    /// <summary>The tag the last successful <see cref="MoveNext"/> stopped on.</summary>
    public IrcRawTag Current { get; private set; }

    /// <summary>Returns this enumerator, so the tags can be walked with <c>foreach</c>.</summary>
    public readonly IrcTagEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next non-empty tag; false once the section is used up.</summary>
    public bool MoveNext()
    {
        while (!_remaining.IsEmpty)
        {
            var end = _remaining.IndexOf((byte)';');
            var segment = end < 0 ? _remaining : _remaining[..end];
            _remaining = end < 0 ? default : _remaining[(end + 1)..];

            // The key ends at the first '='; everything after it, '=' included, belongs to the value.
            var equals = segment.IndexOf((byte)'=');
            var key = equals < 0 ? segment : segment[..equals];
            if (key.IsEmpty)
            {
                continue;
            }

            Current = new IrcRawTag(key, equals < 0 ? default : segment[(equals + 1)..]);
            return true;
        }

        return false;
    }
}

/// <summary>One tag as sent: its key and its value still escaped. Both are slices of the parsed line.</summary>
public readonly ref struct IrcRawTag
{
    /// <summary>Pairs a key with its escaped value.</summary>
    public IrcRawTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> escapedValue)
    {
        Key = key;
        EscapedValue = escapedValue;
    }

    /// <summary>The key, with any <c>+</c> client prefix and vendor part, e.g. <c>+example.com/foo</c>.</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>The value as sent (escapes intact); empty both for <c>key</c> and for <c>key=</c>.</summary>
    public ReadOnlySpan<byte> EscapedValue { get; }
}
