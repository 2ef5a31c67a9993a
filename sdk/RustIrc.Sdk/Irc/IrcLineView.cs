// The zero-allocation tokenizer every other IRC reader (IrcMessage, the IRC module, the inspector) sits on.
using System.Runtime.CompilerServices;
using System.Text;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// One IRC line split into tags, source, verb and parameters without copying or allocating: every
/// property is a slice of the bytes given to <see cref="TryParse"/>, so the view lives only as long as
/// that buffer is left alone. Call <see cref="ToMessage()"/> to keep a message beyond that.
/// </summary>
/// <remarks>
/// Follows the modern IRC client protocol and IRCv3 message-tags: tags end at the first space; the source
/// starts with <c>:</c>; tokens may be separated by any number of spaces (tabs are ordinary bytes); a
/// <c>:</c> at the start of a parameter makes the rest of the line the last parameter; spaces at the end
/// of the line outside that parameter add nothing. Tags are recognised only at the very start of the line;
/// spaces before the source or verb are skipped.
/// </remarks>
public readonly ref struct IrcLineView
{
    private const byte Space = (byte)' ';
    private const byte Colon = (byte)':';

    private readonly ReadOnlySpan<byte> _line;
    private readonly ReadOnlySpan<byte> _rawTags;
    private readonly ReadOnlySpan<byte> _source;
    private readonly ReadOnlySpan<byte> _verb;
    private readonly ParameterRanges _parameters;

    private IrcLineView(
        ReadOnlySpan<byte> line,
        bool hasTags,
        ReadOnlySpan<byte> rawTags,
        bool hasSource,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> verb,
        scoped in ParameterRanges parameters,
        int parameterCount)
    {
        _line = line;
        HasTags = hasTags;
        _rawTags = rawTags;
        HasSource = hasSource;
        _source = source;
        _verb = verb;
        _parameters = parameters;
        ParameterCount = parameterCount;
    }

    /// <summary>Whether the line starts with an <c>@</c> tags section (which may still hold no tags).</summary>
    public bool HasTags { get; }

    /// <summary>The tags section as sent, without the leading <c>@</c>: <c>key=value;key2</c>, values still escaped.</summary>
    public ReadOnlySpan<byte> RawTags => _rawTags;

    /// <summary>Whether the line names a source (the <c>:nick!user@host</c> or <c>:server</c> part).</summary>
    public bool HasSource { get; }

    /// <summary>The source without its leading <c>:</c>; empty when <see cref="HasSource"/> is false.</summary>
    public ReadOnlySpan<byte> Source => _source;

    /// <summary>The command or three-digit numeric, in the case the sender used.</summary>
    public ReadOnlySpan<byte> Verb => _verb;

    /// <summary>How many parameters follow the verb, the trailing one included.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// Reads a line (without CR LF) and reports the first rule it breaks, or <see cref="IrcParseError.None"/>.
    /// Never throws and never allocates; on failure <paramref name="view"/> is empty.
    /// </summary>
    public static IrcParseError TryParse(ReadOnlySpan<byte> line, out IrcLineView view)
    {
        view = default;
        if (!line.ContainsAnyExcept(Space))
        {
            return IrcParseError.Empty;
        }

        // Tags count up to and including the one space that ends them; every byte after it, extra spaces
        // included, counts toward the body. That bounds an accepted line to MaxLineBytes - 2 bytes, which
        // also keeps every offset small enough for the 16-bit parameter ranges.
        var hasTags = line[0] == (byte)'@';
        var rawTags = ReadOnlySpan<byte>.Empty;
        var bodyStart = 0;
        if (hasTags)
        {
            var space = line[..Math.Min(line.Length, IrcLimits.MaxTagBytes)].IndexOf(Space);
            if (space < 0 && line.Length >= IrcLimits.MaxTagBytes)
            {
                return IrcParseError.TagsTooLong;
            }

            rawTags = space < 0 ? line[1..] : line[1..space];
            bodyStart = space < 0 ? line.Length : space + 1;
        }

        if (line.Length - bodyStart > IrcLimits.MaxBodyBytes - 2)
        {
            return IrcParseError.BodyTooLong;
        }

        if (line.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') >= 0)
        {
            return IrcParseError.IllegalCharacter;
        }

        var pos = SkipSpaces(line, bodyStart);
        var hasSource = pos < line.Length && line[pos] == Colon;
        var source = ReadOnlySpan<byte>.Empty;
        if (hasSource)
        {
            var sourceEnd = TokenEnd(line, pos);
            source = line[(pos + 1)..sourceEnd];
            pos = SkipSpaces(line, sourceEnd);
        }

        if (pos == line.Length)
        {
            return IrcParseError.MissingVerb;
        }

        var verbEnd = TokenEnd(line, pos);
        var verb = line[pos..verbEnd];
        if (!IrcGrammar.IsValidVerb(verb))
        {
            return IrcParseError.InvalidVerb;
        }

        pos = SkipSpaces(line, verbEnd);
        var parameters = default(ParameterRanges);
        var count = 0;
        while (pos < line.Length)
        {
            if (count == IrcLimits.MaxParameters)
            {
                return IrcParseError.TooManyParameters;
            }

            if (line[pos] == Colon)
            {
                parameters[count++] = Pack(pos + 1, line.Length - pos - 1);
                break;
            }

            var parameterEnd = TokenEnd(line, pos);
            parameters[count++] = Pack(pos, parameterEnd - pos);
            pos = SkipSpaces(line, parameterEnd);
        }

        view = new IrcLineView(line, hasTags, rawTags, hasSource, source, verb, in parameters, count);
        return IrcParseError.None;
    }

    /// <summary>The parameter at <paramref name="index"/> (0-based). The trailing parameter comes without its <c>:</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="ParameterCount"/>.</exception>
    public ReadOnlySpan<byte> Parameter(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ParameterCount);
        var packed = _parameters[index];
        return _line.Slice((int)(packed >> 16), (int)(packed & 0xFFFF));
    }

    /// <summary>Whether the verb equals <paramref name="upperCaseAsciiVerb"/>, ignoring ASCII case (<c>VerbIs("PRIVMSG"u8)</c>).</summary>
    public bool VerbIs(ReadOnlySpan<byte> upperCaseAsciiVerb) => Ascii.EqualsIgnoreCase(_verb, upperCaseAsciiVerb);

    /// <summary>
    /// Looks a tag up by its exact key. When the key appears more than once the last one wins, as IRCv3 asks.
    /// A tag sent without a value (or with an empty one) is found with an empty <paramref name="escapedValue"/>.
    /// </summary>
    /// <param name="key">The key bytes, vendor prefix and <c>+</c> included, e.g. <c>"+draft/reply"u8</c>.</param>
    /// <param name="escapedValue">The value still escaped; unescape it with <see cref="IrcTags.Unescape(ReadOnlySpan{byte})"/>.</param>
    public bool TryGetTag(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> escapedValue)
    {
        escapedValue = default;
        var found = false;
        foreach (var tag in EnumerateTags())
        {
            if (tag.Key.SequenceEqual(key))
            {
                escapedValue = tag.EscapedValue;
                found = true;
            }
        }

        return found;
    }

    /// <summary>Walks the tags in the order they were sent, duplicates included; empty segments are skipped.</summary>
    public IrcTagEnumerator EnumerateTags() => new(_rawTags);

    /// <summary>
    /// Copies the line into an <see cref="IrcMessage"/> that outlives the buffer: every field is decoded with
    /// <see cref="IrcText.Decode"/>, tag values are unescaped and, for repeated keys, the last value is kept.
    /// </summary>
    public IrcMessage ToMessage() => ToMessage(null);

    /// <summary>
    /// Like <see cref="ToMessage()"/>, taking the verb, the source and every parameter but the last from
    /// <paramref name="pool"/> (the last is usually text, seldom the same twice).
    /// </summary>
    public IrcMessage ToMessage(IrcStringPool? pool)
    {
        var parameters = ParameterCount == 0 ? [] : new string[ParameterCount];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = pool is not null && i < parameters.Length - 1 ? pool.Get(Parameter(i)) : IrcText.Decode(Parameter(i));
        }

        return new IrcMessage(pool?.Get(_verb) ?? IrcText.Decode(_verb), parameters, owned: true)
        {
            Source = !HasSource ? null : pool?.Get(_source) ?? IrcText.Decode(_source),
            Tags = HasTags ? IrcTags.Materialize(EnumerateTags()) : IrcTags.None,
        };
    }

    // Index of the space that ends the token starting at from, or the line's length.
    private static int TokenEnd(ReadOnlySpan<byte> line, int from)
    {
        var space = line[from..].IndexOf(Space);
        return space < 0 ? line.Length : from + space;
    }

    // Index of the first byte at or after from that is not a space, or the line's length.
    private static int SkipSpaces(ReadOnlySpan<byte> line, int from)
    {
        var next = line[from..].IndexOfAnyExcept(Space);
        return next < 0 ? line.Length : from + next;
    }

    private static uint Pack(int start, int length) => (uint)start << 16 | (uint)length;

    /// <summary>Start (high 16 bits) and length (low 16 bits) of each parameter inside the line.</summary>
    [InlineArray(IrcLimits.MaxParameters)]
    private struct ParameterRanges
    {
        private uint _element;
    }
}
