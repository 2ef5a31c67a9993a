using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// What each module may do: <c>ui_modification</c> for all, the grants of the configuration, and what
/// the user granted or revoked with <c>/module grant|revoke</c> (kept in the state store across restarts).
/// </summary>
internal sealed class ModuleGrants(IReadOnlyDictionary<string, IReadOnlyList<string>> configured, ModuleStateStore store, Action<string> warn)
{
    /// <summary>The permissions module <paramref name="id"/> holds now.</summary>
    public PermissionSet For(string id)
    {
        // Parsed before they are compared, so a revocation written differently ("/x/" for "/x") still matches.
        var granted = new List<Permission> { new(WellKnownPermissions.UiModification) };
        if (configured.TryGetValue(id, out var fromConfig)) granted.AddRange(Parsed(id, fromConfig));
        if (store.Granted.TryGetValue(id, out var persisted)) granted.AddRange(Parsed(id, persisted));
        var revoked = store.Revoked.TryGetValue(id, out var taken) ? Parsed(id, taken).ToHashSet() : [];
        return new PermissionSet(granted.Where(p => !revoked.Contains(p)));
    }

    /// <summary>Grants or revokes <paramref name="permission"/> for <paramref name="id"/> and saves it; returns the new set.</summary>
    public PermissionSet Change(string id, Permission permission, bool grant)
    {
        var add = grant ? store.Granted : store.Revoked;
        var remove = grant ? store.Revoked : store.Granted;
        if (!add.TryGetValue(id, out var set)) add[id] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(permission.ToString());
        // Taken off in any spelling the opposite list holds it in ("/x/" for "/x").
        if (remove.TryGetValue(id, out var other)) other.RemoveWhere(t => Same(t, permission));
        store.Save();
        return For(id);
    }

    private IEnumerable<Permission> Parsed(string id, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Permission permission;
            try
            {
                permission = Permission.Parse(text);
            }
            catch (FormatException ex)
            {
                warn($"Grant for module {id} ignored: {ex.Message}");
                continue;
            }
            yield return permission;
        }
    }

    private static bool Same(string text, Permission permission)
    {
        try
        {
            return Permission.Parse(text) == permission;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
