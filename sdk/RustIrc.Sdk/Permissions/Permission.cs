namespace RustIrc.Sdk.Permissions;

/// <summary>
/// One grantable right: a name such as <c>network_access</c>, optionally narrowed by a scope
/// (for <c>file_read</c> and <c>file_write</c>, a directory or file path). Written as
/// <c>name</c> or <c>name:scope</c>, e.g. <c>file_write:/home/u/logs</c>.
/// </summary>
public readonly record struct Permission(string Name, string? Scope = null)
{
    /// <summary>Parses <c>name</c> or <c>name:scope</c>; the name is case-insensitive and stored lower-case.</summary>
    /// <exception cref="FormatException">The text is empty or names no known permission.</exception>
    public static Permission Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':');
        var name = (colon < 0 ? trimmed : trimmed[..colon]).ToLowerInvariant();
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
        return new Permission(name, scope);
    }

    /// <summary>Renders as <c>name</c> or <c>name:scope</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Scope is null ? Name : $"{Name}:{Scope}";
}
