namespace RustIrc.Sdk;

/// <summary>The shell's <c>~</c> in paths users type: commands, grants and script calls read it alike.</summary>
public static class HomePath
{
    /// <summary>
    /// <c>~</c> and <c>~/rest</c> become the home folder and the path under it; anything else (including
    /// <c>~name</c>, another user's home, which is not looked up) comes back unchanged.
    /// </summary>
    public static string Expand(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
    }
}
