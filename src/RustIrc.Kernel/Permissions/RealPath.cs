namespace RustIrc.Kernel.Permissions;

/// <summary>Turns a path into the absolute path it really names, following symbolic links.</summary>
/// <remarks>
/// Threat: a granted directory holds a symbolic link to <c>/etc</c>, so <c>granted/link/passwd</c>
/// looks inside the grant but is not. Every existing component is resolved to its final target
/// before the permission comparison; the components that do not exist yet are appended as written
/// (after <c>..</c> was already folded by <see cref="Path.GetFullPath(string)"/>).
/// </remarks>
internal static class RealPath
{
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return Path.GetFullPath(Path.Combine([current, .. parts[i..]]));
            }
            var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            current = target is null ? next : Path.GetFullPath(target.FullName);
        }
        return current;
    }
}
