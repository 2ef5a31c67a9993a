namespace RustIrc.Sdk.Permissions;

/// <summary>
/// One grantable right: a name such as <c>network_access</c>, optionally narrowed by a scope
/// (for <c>file_read</c> and <c>file_write</c>, a directory or file path). Written as
/// <c>name</c> or <c>name:scope</c>, e.g. <c>file_write:/home/u/logs</c>, and
/// <c>file_read:"/home/u/my logs"</c> for a path with spaces.
/// </summary>
public readonly record struct Permission(string Name, string? Scope = null)
{
    /// <summary>
    /// Parses <c>name</c> or <c>name:scope</c>; the name is case-insensitive and stored lower-case, a path
    /// is brought to the one form grants, revocations and lookups share (<see cref="NormalizePath"/>).
    /// The whole text, or the path alone, may be in double quotes.
    /// </summary>
    /// <exception cref="FormatException">The text is empty, names no known permission, or its path is not absolute.</exception>
    public static Permission Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = Unquote(text.Trim());
        var colon = trimmed.IndexOf(':');
        var name = (colon < 0 ? trimmed : trimmed[..colon]).Trim().ToLowerInvariant();
        var scope = colon < 0 ? null : trimmed[(colon + 1)..];
        if (!WellKnownPermissions.All.Contains(name))
        {
            throw new FormatException(
                $"'{text}' is not a permission. Known permissions: {string.Join(", ", WellKnownPermissions.All)}.");
        }
        if (WellKnownPermissions.IsScoped(name) && string.IsNullOrWhiteSpace(scope))
        {
            throw new FormatException($"'{name}' needs a path, e.g. {name}:/home/me/irc-logs.");
        }
        if (!WellKnownPermissions.IsScoped(name) && scope is not null)
        {
            throw new FormatException($"'{name}' takes no scope; write just '{name}'.");
        }
        return new Permission(name, scope is null ? null : NormalizePath(scope));
    }

    /// <summary>
    /// A granted path in its one form: quotes taken off, <c>~</c> made the home folder, <c>.</c>, <c>..</c>,
    /// doubled and trailing slashes folded as text (<c>/tmp/x/</c> and <c>/tmp/./x</c> are <c>/tmp/x</c>).
    /// Links are not looked at here: the kernel follows them when it checks a request against the grant.
    /// </summary>
    /// <exception cref="FormatException">The path is relative or holds a NUL character.</exception>
    public static string NormalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = HomePath.Expand(Unquote(path.Trim()));
        if (text.Contains('\0')) throw new FormatException("A path cannot hold a NUL character.");
        if (!Path.IsPathRooted(text))
        {
            throw new FormatException($"'{path}' is not an absolute path: a grant names a path from the root, e.g. /home/me/irc-logs.");
        }
        var full = Path.GetFullPath(text);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
    }

    /// <summary>Renders as <c>name</c> or <c>name:scope</c> (the path quoted when it holds spaces), the form <see cref="Parse"/> reads.</summary>
    public override string ToString() =>
        Scope is null ? Name
        : Scope.Any(char.IsWhiteSpace) ? $"{Name}:\"{Scope}\""
        : $"{Name}:{Scope}";

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
}
