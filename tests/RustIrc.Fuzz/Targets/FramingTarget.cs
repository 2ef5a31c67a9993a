using RustIrc.Modules.Irc.Connection;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// The connection's framing of the server's bytes into lines (<c>IrcConnection.ReadLinesAsync</c>): the
/// same bytes delivered in the largest reads and in pieces of every size must give the same lines and the
/// same refusals, and nothing a server sends may throw. One input in eight has its longest line stretched
/// to within a few bytes of the line limit and laid across the end of the reader's first 64 KB buffer,
/// where a line is copied out of two buffers before parsing.
/// </summary>
internal sealed class FramingTarget : FuzzTarget
{
    private const int ReaderBuffer = 1 << 16;

    private static readonly IrcNetworkOptions Options = new() { Name = "fuzz", Host = "irc.example.net", Nick = "me", FloodRate = 0 };

    public override string Name => "framing";

    public override string CorpusFolder => "irc";

    // Whole files: a stream of lines is what the framing reads.
    public override bool SeedsAreLines => false;

    public override void Run(byte[] input)
    {
        var hash = Fnv1a(input);
        var bytes = (hash & 7) == 0 ? StretchAcrossTheBuffer(input, hash) : input;
        var whole = Read(bytes, [bytes.Length]);
        var pieces = Read(bytes, Pieces(bytes.Length, new Random((int)(hash >> 32))));
        if (!whole.SequenceEqual(pieces))
        {
            var at = whole.Zip(pieces).TakeWhile(p => p.First == p.Second).Count();
            throw new PropertyViolation($"delivered in pieces, the bytes framed differently from line {at}: " +
                $"whole gave \"{Shown(whole, at)}\", pieces gave \"{Shown(pieces, at)}\"");
        }
    }

    // The input decides its own pieces and stretching, so a saved crash replays exactly.
    private static ulong Fnv1a(byte[] input)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in input) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    /// <summary>What the reader made of <paramref name="bytes"/> served in reads of <paramref name="sizes"/>: a word per line and why it stopped.</summary>
    private static List<string> Read(byte[] bytes, IReadOnlyList<int> sizes)
    {
        var framed = new List<string>();
        var connection = IrcConnection.OpenAsync(Options, new PiecesTransport(bytes, sizes), TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            var reason = connection.ReadLinesAsync(batch =>
            {
                // A refusal's preview depends on how much had arrived; its reason must not.
                foreach (var line in batch) framed.Add(line.Message is null ? $"refused: {line.Error}" : $"line: {line.Raw}");
                connection.Recycle(batch);
                return ValueTask.CompletedTask;
            }, () => true, CancellationToken.None).GetAwaiter().GetResult();
            framed.Add($"end: {reason}");
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return framed;
    }

    /// <summary>Read sizes for <paramref name="length"/> bytes: mostly small (down to one byte), now and then large.</summary>
    private static List<int> Pieces(int length, Random random)
    {
        var sizes = new List<int>();
        for (var left = length; left > 0;)
        {
            var size = Math.Min(left, random.Next(4) == 0 ? random.Next(1, 20_000) : random.Next(1, 64));
            sizes.Add(size);
            left -= size;
        }
        return sizes;
    }

    /// <summary>The input with its longest line padded to MaxLineBytes - 2 to + 3 bytes, after filler that puts it across the first buffer's end.</summary>
    private static byte[] StretchAcrossTheBuffer(byte[] input, ulong hash)
    {
        var lines = Split(input);
        var longest = lines.IndexOf(lines.MaxBy(l => l.Length)!);
        var target = IrcLimits.MaxLineBytes - 2 + (int)(hash >> 8 & 7) % 6;
        var line = lines[longest];
        var stretched = new byte[Math.Max(target, line.Length)];
        line.CopyTo(stretched, 0);
        stretched.AsSpan(line.Length).Fill((byte)'x');
        lines[longest] = stretched;

        // Empty lines as filler: the reader skips them, so they only move the stretched line to the buffer's end.
        var before = lines.Take(longest).Sum(l => l.Length + 1);
        var filler = Math.Max(0, ReaderBuffer - 1 - (int)(hash >> 16 & 0x1FFF) % (stretched.Length - 1) - before);
        var output = new List<byte>(filler + input.Length + stretched.Length);
        output.AddRange(Enumerable.Repeat((byte)'\n', filler));
        for (var i = 0; i < lines.Count; i++)
        {
            output.AddRange(lines[i]);
            if (i < lines.Count - 1) output.Add((byte)'\n');
        }
        return [.. output];
    }

    private static List<byte[]> Split(byte[] input)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= input.Length; i++)
        {
            if (i < input.Length && input[i] != (byte)'\n') continue;
            lines.Add(input[start..i]);
            start = i + 1;
        }
        return lines;
    }

    private static string Shown(List<string> framed, int at)
    {
        var text = at < framed.Count ? framed[at] : "(nothing more)";
        return text.Length <= 200 ? text : text[..200] + $"… ({text.Length} chars)";
    }

    /// <summary>A server that sends the bytes in reads of the given sizes, then closes.</summary>
    private sealed class PiecesTransport(byte[] bytes, IReadOnlyList<int> sizes) : IIrcTransport
    {
        public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Stream>(new PiecesStream(bytes, sizes));
    }

    private sealed class PiecesStream(byte[] bytes, IReadOnlyList<int> sizes) : ServerStream
    {
        private int _offset;
        private int _piece;
        private int _pieceLeft = sizes.Count > 0 ? sizes[0] : 0;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_piece == sizes.Count) return 0;
            var size = Math.Min(buffer.Length, _pieceLeft);
            bytes.AsSpan(_offset, size).CopyTo(buffer);
            _offset += size;
            _pieceLeft -= size;
            if (_pieceLeft == 0 && ++_piece < sizes.Count) _pieceLeft = sizes[_piece];
            return size;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }
}
