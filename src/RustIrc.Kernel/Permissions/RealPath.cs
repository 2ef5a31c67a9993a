namespace RustIrc.Kernel.Permissions;

/// <summary>Turns a path into the absolute path the operating system would really reach, following links as it does.</summary>
/// <remarks>
/// Threat: a granted folder holds links made to look harmless. <c>granted/D -&gt; sub2/..</c> where
/// <c>sub2 -&gt; /etc</c> names <c>/</c>, not <c>granted</c>: the kernel follows <c>sub2</c> first and
/// only then applies <c>..</c>. So nothing here folds <c>..</c> as text. The path is walked one
/// component at a time like the kernel's own lookup: a link's target is read and walked in its place
/// (from <c>/</c> when absolute, else from the link's folder), <c>..</c> steps back one real folder,
/// and after 40 links the walk gives up as the kernel does (ELOOP). The result holds no link and no
/// <c>..</c>; components that do not exist yet are appended as written.
/// </remarks>
internal static class RealPath
{
    /// <summary>The most links one lookup follows, as Linux's MAXSYMLINKS.</summary>
    public const int MaxLinks = 40;

    /// <summary>The real path <paramref name="path"/> names (made absolute against the working folder first).</summary>
    /// <exception cref="IOException">The path loops through links, or climbs out of a folder that does not exist.</exception>
    public static string Resolve(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Join(Directory.GetCurrentDirectory(), path);
        var pending = new Stack<string>();
        Push(pending, absolute);
        var real = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (real.Count > 0) real.RemoveAt(real.Count - 1);
                continue;
            }
            var candidate = Join(real, part);
            var info = new FileInfo(candidate);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (UnauthorizedAccessException)
            {
                // The message would name the folder, which may lie outside what the caller was granted.
                throw new IOException("a folder on the path cannot be searched (permission denied)");
            }
            if (target is not null)
            {
                if (++links > MaxLinks) throw new IOException("the path has too many levels of symbolic links (a loop?)");
                if (Path.IsPathRooted(target)) real.Clear();
                Push(pending, target);
                continue;
            }
            if (!info.Exists && !Directory.Exists(candidate))
            {
                // Nothing there (yet): the rest is what would be created. A ".." after a missing folder has
                // no real meaning (the kernel fails such a lookup), so it is refused instead of folded.
                real.Add(part);
                while (pending.TryPop(out var rest))
                {
                    if (rest == "..") throw new IOException("the path goes up ('..') out of a folder that does not exist");
                    if (rest is not ("" or ".")) real.Add(rest);
                }
                break;
            }
            real.Add(part);
        }
        return Join(real, null);
    }

    /// <summary>Pushes the components of <paramref name="path"/> so the first is popped first.</summary>
    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    private static string Join(List<string> parts, string? last) =>
        Path.DirectorySeparatorChar + string.Join(Path.DirectorySeparatorChar, last is null ? parts : [.. parts, last]);
}
