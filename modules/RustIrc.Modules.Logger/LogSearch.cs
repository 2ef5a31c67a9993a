namespace RustIrc.Modules.Logger;

/// <summary>One line found by <see cref="LogSearch"/>, with the file it is in.</summary>
/// <param name="File">The file's name without <c>.log</c>: its date under daily or monthly rotation.</param>
/// <param name="Line">The line as it is in the file.</param>
internal sealed record FoundLine(string File, string Line);

/// <summary>Searches one buffer's log files, oldest file first, for the lines holding a word.</summary>
internal static class LogSearch
{
    /// <summary>The last <paramref name="limit"/> lines of <paramref name="folder"/>'s logs that hold <paramref name="word"/> (ignoring case), oldest first, and how many there are in all.</summary>
    /// <remarks>Reads files the client may be writing; run it off the client loop.</remarks>
    public static (IReadOnlyList<FoundLine> Last, int Total) Find(string folder, string word, int limit, CancellationToken cancellationToken)
    {
        var last = new Queue<FoundLine>(Math.Min(limit, 1024));
        var total = 0;
        if (!Directory.Exists(folder)) return ([], 0);
        // Dated names sort oldest first.
        foreach (var path in Directory.EnumerateFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (!line.Contains(word, StringComparison.OrdinalIgnoreCase)) continue;
                total++;
                if (last.Count == limit) last.Dequeue();
                last.Enqueue(new FoundLine(name, line));
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        return ([.. last], total);
    }
}
