using System.Numerics;
using System.Text;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Hands back the same string for the same short ASCII token (a verb, a source, a channel), so a reader
/// of many lines from the same people does not make those strings again for every line. Give one to
/// <see cref="IrcLineView.ToMessage(IrcStringPool?)"/>. Not thread-safe: one pool per reader.
/// </summary>
/// <remarks>
/// A fixed table of recent strings indexed by a hash of the bytes, two slots per hash: a new token
/// pushes out the one of its pair used longest ago, so the pool never holds more than its capacity,
/// whatever a server sends.
/// ASCII reads the same as UTF-8 and as Windows-1252, so a pooled string is what
/// <see cref="IrcText.Decode"/> would have made.
/// </remarks>
public sealed class IrcStringPool
{
    /// <summary>Tokens longer than this are made anew each time (sources are about 50 bytes).</summary>
    public const int MaxTokenBytes = 96;

    private readonly string?[] _slots;

    /// <summary>Creates a pool of <paramref name="capacity"/> strings, rounded up to a power of two.</summary>
    public IrcStringPool(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new string?[Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)capacity))];
    }

    /// <summary>The text of <paramref name="bytes"/>, from the pool when it is a short ASCII token seen before.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxTokenBytes || !Ascii.IsValid(bytes)) return IrcText.Decode(bytes);
        if (bytes.IsEmpty) return string.Empty;
        var hash = new HashCode();
        hash.AddBytes(bytes);
        // The one used last comes first: two busy tokens that share a hash do not take turns evicting each other.
        var index = hash.ToHashCode() & (_slots.Length - 2);
        ref var recent = ref _slots[index];
        ref var older = ref _slots[index + 1];
        if (recent is { } known && Ascii.Equals(bytes, known)) return known;
        if (older is { } other && Ascii.Equals(bytes, other))
        {
            (recent, older) = (other, recent);
            return other;
        }
        older = recent;
        return recent = Encoding.ASCII.GetString(bytes);
    }
}
