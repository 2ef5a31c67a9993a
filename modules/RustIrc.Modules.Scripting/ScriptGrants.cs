using Microsoft.Extensions.Configuration;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// What the user decided about each script file: the permissions granted and revoked, and whether it is
/// disabled. Kept per file (its full path, a final link resolved, compared case-sensitively), never per
/// name, in the engine's <c>scripts.json</c>.
/// </summary>
/// <remarks>
/// Threat: grants that belong to a name pass to whatever file next takes the name: a script dropped into
/// the scripts folder after the granted one was deleted, a file of the same name loaded from elsewhere,
/// or <c>SPY.lua</c> after <c>Spy.lua</c> was revoked. Here a grant holds for one file only, and is
/// forgotten when that file is deleted, so a new file at the same place starts with the defaults. A
/// grant in <c>config.json</c> names a file by its path, or by a name that means that name's file in the
/// scripts folder (exact case).
/// </remarks>
internal sealed class ScriptGrants(string stateFile, IConfiguration settings, string directory, string extension, PermissionSet defaults)
{
    private ScriptStateFile? _state;

    /// <summary>Problems met reading grants (a typo in one, a damaged file), for the user to see.</summary>
    public event Action<string>? Problem;

    private ScriptStateFile State => _state ??= Load();

    /// <summary>The key a script file is known by: its full path, with a link as the last part followed to its target.</summary>
    public static string KeyOf(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a link loop: the file cannot be loaded anyway
        }
    }

    /// <summary>What the script in <paramref name="file"/> (a <see cref="KeyOf"/> key) holds: the defaults, its grants and the config's, minus its revocations.</summary>
    public PermissionSet For(string file, string name)
    {
        var entry = State.Files.GetValueOrDefault(file);
        var revoked = Parsed(entry?.Revoked ?? [], name).ToHashSet();
        var granted = new List<Permission>(defaults.Granted.Where(p => !revoked.Contains(p)));
        granted.AddRange(Parsed(entry?.Permissions ?? [], name));
        granted.AddRange(ConfiguredFor(file, name).Where(p => !revoked.Contains(p)));
        return new PermissionSet(granted);
    }

    /// <summary>Grants (or revokes) <paramref name="permission"/> to the script file, remembered until the opposite is said or the file is deleted.</summary>
    public void Change(string file, string name, Permission permission, bool grant)
    {
        var entry = Entry(file, name);
        // Taken off both lists in any spelling first ("/x/" for "/x"), then put on one.
        entry.Permissions = Parsed(entry.Permissions, name).Where(p => p != permission).Select(p => p.ToString()).ToList();
        entry.Revoked = Parsed(entry.Revoked, name).Where(p => p != permission).Select(p => p.ToString()).ToList();
        (grant ? entry.Permissions : entry.Revoked).Add(permission.ToString());
        State.Save();
    }

    public bool IsDisabled(string file) => State.Files.GetValueOrDefault(file)?.Disabled == true;

    public void SetDisabled(string file, string name, bool disabled)
    {
        Entry(file, name).Disabled = disabled;
        State.Save();
    }

    /// <summary>Forgets everything about <paramref name="file"/> (it was deleted); returns whether there was anything.</summary>
    public bool Forget(string file)
    {
        if (!State.Files.Remove(file)) return false;
        State.Save();
        return true;
    }

    /// <summary>Forgets the files that no longer exist (deleted while the client was not running).</summary>
    public void ForgetMissing()
    {
        var gone = State.Files.Keys.Where(key => !File.Exists(key)).ToList();
        foreach (var key in gone) State.Files.Remove(key);
        if (gone.Count > 0) State.Save();
    }

    private ScriptFileState Entry(string file, string name)
    {
        if (!State.Files.TryGetValue(file, out var entry)) State.Files[file] = entry = new ScriptFileState();
        entry.Name = name;
        return entry;
    }

    /// <summary>The permissions <c>config.json</c> grants the file: under its path, or under its name when it is that name's file in the scripts folder.</summary>
    private IEnumerable<Permission> ConfiguredFor(string file, string name)
    {
        foreach (var section in settings.GetSection("grants").GetChildren())
        {
            var key = section.Key;
            bool applies;
            try
            {
                applies = key.StartsWith('/') || key.StartsWith('~')
                    ? KeyOf(Permission.NormalizePath(key)) == file
                    : string.Equals(key, name, StringComparison.Ordinal) && KeyOf(Path.Combine(directory, key + extension)) == file;
            }
            catch (FormatException)
            {
                applies = false;
            }
            if (!applies) continue;
            foreach (var permission in Parsed(section.GetChildren().Select(c => c.Value).OfType<string>(), name)) yield return permission;
        }
    }

    private IEnumerable<Permission> Parsed(IEnumerable<string> texts, string name)
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
                // A typo in one grant must not keep the script (or the engine) from starting.
                Problem?.Invoke($"'{name}': the grant '{text}' is not a permission and was ignored ({ex.Message})");
                continue;
            }
            yield return permission;
        }
    }

    /// <summary>
    /// Reads the file, moving what an older client kept per name to the file of that name in the scripts
    /// folder; entries for which there is no such file are dropped.
    /// </summary>
    private ScriptStateFile Load()
    {
        var state = ScriptStateFile.Load(stateFile, problem => Problem?.Invoke(problem));
        if (state.ByName.Count == 0) return state;
        foreach (var (name, entry) in state.ByName)
        {
            var file = Path.Combine(directory, name + extension);
            if (!File.Exists(file)) continue;
            entry.Name = name;
            state.Files[KeyOf(file)] = entry;
        }
        state.ByName.Clear();
        state.Save();
        return state;
    }
}
