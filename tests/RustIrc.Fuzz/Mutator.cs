using System.Text;

namespace RustIrc.Fuzz;

/// <summary>
/// Makes inputs from seeds: each is a seed with one to eight byte-level or token-level changes stacked on
/// it. The same <see cref="Random"/> state gives the same inputs, so a seed number replays a run.
/// </summary>
internal sealed class Mutator(IReadOnlyList<byte[]> seeds, int maxLength = 16 * 1024)
{
    // The bytes IRC, tags, JSON and UTF-8 give a meaning to, and those no text should hold.
    private static readonly byte[] InterestingBytes =
        [0, (byte)'\r', (byte)'\n', (byte)' ', (byte)':', (byte)'@', (byte)';', (byte)'=', (byte)'\\', 0xFF, 0x01, (byte)',',
         (byte)'!', (byte)'(', (byte)')', (byte)'#', (byte)'+', (byte)'-', (byte)'*', (byte)'"', (byte)'{', (byte)'[', (byte)'\t', 0x7F, 0x80, 0xC0];

    private static readonly byte[][] InterestingChunks =
    [
        .. new[]
        {
            "0", "-1", "-0", "2147483648", "-2147483649", "9223372036854775808", "1e309", "1e-400", "NaN", "Infinity",
            "65535", "4294967296", "0x10", "\\", "\\s", "\\:", "\\x", "\\x4", "\\xZZ", "\\x20", ";;", "==", "::", "@@",
            "()", "(ov)", "(ov)@", "(", ")", ",,,", "*", "-", "+-+-", "{}", "[]", "null", "true", "\"\"", "\"", "/*",
            "//\n", "\\u0000", "\\ud800", "\u0001", "\u0001ACTION ", "CASEMAPPING=", "PREFIX=", "CHANMODES=", "CHANTYPES=",
            "sasl=", "LS * :", "=", "#", "&", "PRIVMSG", "005", "353", "MODE", "CAP", "\u00e9", "\u2615", "\U0001F600",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF],
        [0xE9], [0x80, 0x93],
    ];

    /// <summary>How many of <see cref="InterestingChunks"/>, from the first, are numbers.</summary>
    private const int NumberChunks = 12;

    private static readonly byte[] Separators = [(byte)' ', (byte)';', (byte)',', (byte)'=', (byte)':', (byte)'!', (byte)'@'];

    private readonly List<byte> _buffer = new(1024);
    private int _served;

    /// <summary>The next input: every seed once as it is, then mutated seeds.</summary>
    public byte[] Next(Random random)
    {
        if (_served < seeds.Count) return seeds[_served++];
        _buffer.Clear();
        _buffer.AddRange(seeds[random.Next(seeds.Count)]);
        var changes = 1 << random.Next(4);
        for (var i = 0; i < changes; i++) Mutate(random);
        if (_buffer.Count > maxLength) _buffer.RemoveRange(maxLength, _buffer.Count - maxLength);
        return [.. _buffer];
    }

    private void Mutate(Random random)
    {
        var b = _buffer;
        switch (random.Next(14))
        {
            case 0 when b.Count > 0: // flip a bit
                var at = random.Next(b.Count);
                b[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when b.Count > 0: // any byte
                b[random.Next(b.Count)] = (byte)random.Next(256);
                break;
            case 2:
                b.Insert(Position(random), InterestingBytes[random.Next(InterestingBytes.Length)]);
                break;
            case 3:
                b.InsertRange(Position(random), InterestingChunks[random.Next(InterestingChunks.Length)]);
                break;
            case 4 when b.Count > 0: // delete a range
                var first = random.Next(b.Count);
                b.RemoveRange(first, Math.Min(b.Count - first, 1 + random.Next(Math.Min(b.Count, 32))));
                break;
            case 5 when b.Count > 0: // duplicate a range
                var start = random.Next(b.Count);
                var length = Math.Min(b.Count - start, 1 + random.Next(64));
                b.InsertRange(Position(random), b.GetRange(start, length));
                break;
            case 6: // splice: this input's head, another seed's tail
                var other = seeds[random.Next(seeds.Count)];
                var cut = Position(random);
                b.RemoveRange(cut, b.Count - cut);
                b.AddRange(other.AsSpan(random.Next(other.Length + 1)).ToArray());
                break;
            case 7 when b.Count > 0: // a very long repeat
                var chunkStart = random.Next(b.Count);
                var chunk = b.GetRange(chunkStart, Math.Min(b.Count - chunkStart, 1 + random.Next(8)));
                var times = random.Next(2) == 0 ? 64 + random.Next(512) : 1024 + random.Next(8192);
                var repeated = new List<byte>(chunk.Count * times);
                for (var i = 0; i < times && repeated.Count < maxLength; i++) repeated.AddRange(chunk);
                b.InsertRange(Position(random), repeated);
                break;
            case 8 when b.Count > 0: // truncate
                var keep = random.Next(b.Count);
                b.RemoveRange(keep, b.Count - keep);
                break;
            case 9 or 10 or 11:
                MutateTokens(random);
                break;
            case 12 when b.Count > 0: // the other case of a letter, under ascii or rfc1459 ([ and {, \ and |, ~ and ^)
                var letter = random.Next(b.Count);
                b[letter] = b[letter] switch
                {
                    >= (byte)'a' and <= (byte)'|' => (byte)(b[letter] - 32),
                    >= (byte)'A' and <= (byte)'\\' => (byte)(b[letter] + 32),
                    (byte)'~' => (byte)'^',
                    (byte)'^' => (byte)'~',
                    var unchanged => unchanged,
                };
                break;
            default: // a number becomes an edge value (or one is put somewhere)
                var from = random.Next(b.Count + 1);
                var digit = from < b.Count ? b.FindIndex(from, IsNumberByte) : -1;
                if (digit < 0) digit = b.FindIndex(IsNumberByte);
                var numberEnd = digit;
                while (digit >= 0 && numberEnd < b.Count && IsNumberByte(b[numberEnd])) numberEnd++;
                if (digit >= 0) b.RemoveRange(digit, numberEnd - digit);
                b.InsertRange(digit >= 0 ? digit : Position(random), InterestingChunks[random.Next(NumberChunks)]);
                break;
        }
    }

    private static bool IsNumberByte(byte x) => x is >= (byte)'0' and <= (byte)'9' or (byte)'.';

    /// <summary>Drops, doubles, swaps or empties a token between two separators (parameters, tags, list items).</summary>
    private void MutateTokens(Random random)
    {
        var separator = Separators[random.Next(Separators.Length)];
        var tokens = Split(separator);
        if (tokens.Count == 0) return;
        var i = random.Next(tokens.Count);
        switch (random.Next(4))
        {
            case 0:
                tokens.RemoveAt(i);
                break;
            case 1:
                tokens.Insert(i, tokens[i]);
                break;
            case 2:
                var j = random.Next(tokens.Count);
                (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                break;
            default:
                tokens.Insert(i, []);
                break;
        }
        _buffer.Clear();
        for (var t = 0; t < tokens.Count; t++)
        {
            if (t > 0) _buffer.Add(separator);
            _buffer.AddRange(tokens[t]);
        }
    }

    private List<byte[]> Split(byte separator)
    {
        var tokens = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= _buffer.Count; i++)
        {
            if (i < _buffer.Count && _buffer[i] != separator) continue;
            tokens.Add(_buffer.GetRange(start, i - start).ToArray());
            start = i + 1;
        }
        return tokens;
    }

    private int Position(Random random) => random.Next(_buffer.Count + 1);
}
