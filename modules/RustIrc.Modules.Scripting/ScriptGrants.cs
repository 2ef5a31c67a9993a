using System.Text.Json.Nodes;
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
internal sealed class ScriptGrants
{
    private const string Files = "files";
    private readonly ScriptStore _state;
    private readonly IConfiguration _settings;
    private readonly string _directory;
    private readonly string _extension;

    /// <summary>The grants kept in <paramref name="stateFile"/> and the <c>grants</c> of <paramref name="settings"/>.</summary>
    public ScriptGrants(string stateFile, IConfiguration settings, string directory, string extension)
    {
        _state = new ScriptStore(stateFile);
        _settings = settings;
        _directory = directory;
        _extension = extension;
        Upgrade();
    }

    /// <summary>Problems met reading grants (a typo in one), for the user to see.</summary>
    public event Action<string>? Problem;

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
        var entry = Entry(file, create: false);
        var revoked = Normalized(entry?["revoked"], name).ToHashSet();
        var granted = new List<Permission>(ScriptHost.DefaultPermissions.Granted.Where(p => !revoked.Contains(p)));
        granted.AddRange(Normalized(entry?["permissions"], name));
        granted.AddRange(ConfiguredFor(file, name).Where(p => !revoked.Contains(p)));
        return new PermissionSet(granted);
    }

    /// <summary>Grants (or revokes) <paramref name="permission"/> to the script file, remembered until the opposite is said or the file is deleted.</summary>
    public void Change(string file, string name, Permission permission, bool grant)
    {
        var entry = Entry(file, create: true)!;
        entry["name"] = name;
        var text = permission.ToString();
        var granted = Normalized(entry["permissions"], name).Where(p => p != permission).Select(p => p.ToString()).ToList();
        var revoked = Normalized(entry["revoked"], name).Where(p => p != permission).Select(p => p.ToString()).ToList();
        (grant ? granted : revoked).Add(text);
        entry["permissions"] = new JsonArray([.. granted.Select(p => (JsonNode?)p)]);
        entry["revoked"] = new JsonArray([.. revoked.Select(p => (JsonNode?)p)]);
        _state.Save();
    }

    public bool IsDisabled(string file) => Entry(file, create: false)?["disabled"]?.GetValue<bool>() == true;

    public void SetDisabled(string file, string name, bool disabled)
    {
        var entry = Entry(file, create: true)!;
        entry["name"] = name;
        entry["disabled"] = disabled;
        _state.Save();
    }

    /// <summary>Forgets everything about <paramref name="file"/> (it was deleted); returns whether there was anything.</summary>
    public bool Forget(string file)
    {
        if (_state.Data[Files] is not JsonObject files || !files.Remove(file)) return false;
        _state.Save();
        return true;
    }

    /// <summary>Forgets the files that no longer exist (deleted while the client was not running).</summary>
    public void ForgetMissing()
    {
        if (_state.Data[Files] is not JsonObject files) return;
        var gone = files.Select(f => f.Key).Where(key => !File.Exists(key)).ToList();
        foreach (var key in gone) files.Remove(key);
        if (gone.Count > 0) _state.Save();
    }

    private JsonObject? Entry(string file, bool create)
    {
        if (_state.Data[Files] is not JsonObject files)
        {
            if (!create) return null;
            _state.Data[Files] = files = [];
        }
        if (files[file] is JsonObject entry) return entry;
        if (!create) return null;
        files[file] = entry = [];
        return entry;
    }

    /// <summary>The permissions <c>config.json</c> grants the file: under its path, or under its name when it is that name's file in the scripts folder.</summary>
    private IEnumerable<Permission> ConfiguredFor(string file, string name)
    {
        foreach (var section in _settings.GetSection("grants").GetChildren())
        {
            var key = section.Key;
            bool applies;
            try
            {
                applies = key.StartsWith('/') || key.StartsWith('~')
                    ? KeyOf(Permission.NormalizePath(key)) == file
                    : string.Equals(key, name, StringComparison.Ordinal) && KeyOf(Path.Combine(_directory, key + _extension)) == file;
            }
            catch (FormatException)
            {
                applies = false;
            }
            if (!applies) continue;
            foreach (var permission in Parsed(section.GetChildren().Select(c => c.Value).OfType<string>(), name)) yield return permission;
        }
    }

    private IEnumerable<Permission> Normalized(JsonNode? node, string name) =>
        Parsed(node is JsonArray list ? list.Select(item => item?.GetValue<string>()).OfType<string>() : [], name);

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
    /// Moves what an older client kept per name (<c>{ "NAME": {…} }</c>) to the file of that name in the
    /// scripts folder; entries for which there is no such file are dropped.
    /// </summary>
    private void Upgrade()
    {
        var old = _state.Data.Where(e => e.Key != Files && e.Value is JsonObject).Select(e => e.Key).ToList();
        if (old.Count == 0) return;
        foreach (var name in old)
        {
            var entry = (JsonObject)_state.Data[name]!;
            _state.Data.Remove(name);
            var file = Path.Combine(_directory, name + _extension);
            if (!File.Exists(file)) continue;
            entry["name"] = name;
            if (_state.Data[Files] is not JsonObject files) _state.Data[Files] = files = [];
            files[KeyOf(file)] = entry;
        }
        _state.Save();
    }
}
