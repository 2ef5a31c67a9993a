namespace RustIrc.Sdk.Permissions;

/// <summary>
/// Marks a method of a service interface as needing a permission. The kernel's service broker checks
/// it on every call, against the identity of the extension that asked the broker for the service.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = true)]
public sealed class RequiresPermissionAttribute(string name) : Attribute
{
    /// <summary>The permission name, one of <see cref="WellKnownPermissions"/>.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// For scoped permissions: the name of the method parameter whose value is the scope (a path).
    /// </summary>
    public string? ScopeParameter { get; init; }
}
