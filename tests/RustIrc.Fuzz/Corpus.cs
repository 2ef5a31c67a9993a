namespace RustIrc.Fuzz;

/// <summary>The seed inputs: real IRC traffic, real module.json and config.json files, copied beside the fuzzer.</summary>
internal static class Corpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "corpus");

    /// <summary>The seeds in <paramref name="folder"/>: every non-empty line of its files, or every file whole.</summary>
    public static IReadOnlyList<byte[]> Load(string folder, bool lines)
    {
        var directory = Path.Combine(Root, folder);
        var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
        var seeds = lines ? files.SelectMany(SplitLines).ToList() : files.ToList();
        return seeds.Count > 0 ? seeds : throw new InvalidOperationException($"The corpus folder {directory} holds no seeds.");
    }

    private static IEnumerable<byte[]> SplitLines(byte[] file)
    {
        var start = 0;
        while (start < file.Length)
        {
            var end = Array.IndexOf(file, (byte)'\n', start);
            if (end < 0) end = file.Length;
            var length = end - start;
            if (length > 0 && file[end - 1] == '\r') length--;
            if (length > 0) yield return file.AsSpan(start, length).ToArray();
            start = end + 1;
        }
    }
}
