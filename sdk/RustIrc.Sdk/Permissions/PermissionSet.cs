namespace RustIrc.Sdk.Permissions;

/// <summary>An immutable set of granted permissions, and the one place that decides whether it allows a request.</summary>
public sealed class PermissionSet
{
    private readonly Permission[] _granted;
    private readonly bool _unrestricted;

    /// <summary>Creates a set holding <paramref name="granted"/>.</summary>
    public PermissionSet(IEnumerable<Permission> granted) => _granted = granted.Distinct().ToArray();

    private PermissionSet(bool unrestricted)
    {
        _granted = [];
        _unrestricted = unrestricted;
    }

    /// <summary>The set that allows nothing.</summary>
    public static PermissionSet Empty { get; } = new([]);

    /// <summary>The set that allows everything; only the kernel holds it.</summary>
    public static PermissionSet Unrestricted { get; } = new(unrestricted: true);

    /// <summary>The permissions in this set.</summary>
    public IReadOnlyList<Permission> Granted => _granted;

    /// <summary>Parses a list of <c>name[:scope]</c> strings.</summary>
    /// <exception cref="FormatException">An entry is not a known permission.</exception>
    public static PermissionSet Parse(IEnumerable<string> texts) => new(texts.Select(Permission.Parse));

    /// <summary>A new set with <paramref name="permission"/> added.</summary>
    public PermissionSet With(Permission permission) => new(_granted.Append(permission));

    /// <summary>A new set without <paramref name="permission"/>.</summary>
    public PermissionSet Without(Permission permission) => new(_granted.Where(p => p != permission));

    /// <summary>
    /// Whether the set allows <paramref name="requested"/>. An unscoped request needs the name. A path
    /// request (<c>file_read</c>, <c>file_write</c>) needs a grant of the same name whose path is the
    /// requested path or one of its ancestors, compared on whole path segments.
    /// </summary>
    /// <remarks>
    /// Threat: a script asks for <c>/granted/dir/../../etc/passwd</c>, a relative path that climbs out,
    /// or a path through a link that leads out. This overload compares the paths as text (after
    /// <see cref="Path.GetFullPath(string)"/>); the kernel uses the other one, which is handed the
    /// request already resolved link by link and resolves each granted path the same way.
    /// </remarks>
    public bool Allows(Permission requested) => Allows(requested, resolveGrantedPath: null);

    /// <summary>
    /// <see cref="Allows(Permission)"/>, with each granted path first passed through
    /// <paramref name="resolveGrantedPath"/> (the kernel's link-by-link resolution); a granted path it
    /// cannot resolve (an <see cref="IOException"/>, such as a link loop) grants nothing.
    /// </summary>
    public bool Allows(Permission requested, Func<string, string>? resolveGrantedPath)
    {
        if (_unrestricted)
        {
            return true;
        }
        foreach (var granted in _granted)
        {
            if (granted.Name != requested.Name)
            {
                continue;
            }
            if (!WellKnownPermissions.IsScoped(requested.Name))
            {
                return true;
            }
            if (requested.Scope is null || granted.Scope is null)
            {
                continue;
            }
            string root;
            try
            {
                root = resolveGrantedPath is null ? granted.Scope : resolveGrantedPath(granted.Scope);
            }
            catch (IOException)
            {
                continue;
            }
            if (PathIsWithin(requested.Scope, root))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool PathIsWithin(string path, string root)
    {
        if (path.Contains('\0') || root.Contains('\0'))
        {
            return false;
        }
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (fullRoot.Length == 0)
        {
            return true; // the root directory itself was granted
        }
        return full.Equals(fullRoot, StringComparison.Ordinal)
            || full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => _unrestricted ? "(all)" : _granted.Length == 0 ? "(none)" : string.Join(", ", _granted);
}
