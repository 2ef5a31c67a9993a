using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Scripting;

/// <summary>Where a script stands.</summary>
public enum ScriptState
{
    /// <summary>Loaded and running its handlers.</summary>
    Running,
    /// <summary>Turned off by the user; remembered across restarts.</summary>
    Disabled,
    /// <summary>Stopped by an error or a limit; the reason says which.</summary>
    Faulted,
}

/// <summary>
/// What a script says about itself: how each engine finds it is its own (Lua: the table the chunk returns;
/// Python: module-level names). An empty name means the file's.
/// </summary>
public sealed record ScriptMetadata(string Name, string Version, string Author, string Description, IReadOnlyList<string> Permissions)
{
    /// <summary>Metadata of a script that declares none: its file name only.</summary>
    public static ScriptMetadata Unknown(string name) => new(name, "", "", "", []);

    /// <summary>
    /// The metadata in a map of the value model (<c>name</c>, <c>version</c>, <c>author</c>, <c>description</c>,
    /// <c>permissions</c> a list of strings), or null when <paramref name="value"/> is no map.
    /// </summary>
    public static ScriptMetadata? FromMap(object? value)
    {
        if (value is not ScriptTable { Fields.Count: > 0 } table) return null;
        string Field(string key) => table.Fields.TryGetValue(key, out var v) && v is string s ? s : "";
        var permissions = table.Fields.TryGetValue("permissions", out var p) && p is ScriptTable list ? list.Array.OfType<string>().ToArray() : [];
        return new ScriptMetadata(Field("name"), Field("version"), Field("author"), Field("description"), permissions);
    }
}

/// <summary>
/// One script: its file, identity, permissions and interpreter. Everything it registers (handlers,
/// commands, timers) is owned by its identity, so ending the identity removes all of it.
/// </summary>
internal sealed class Script(string name, string path, string fileKey)
{
    public string Name { get; } = name;
    public string Path { get; } = path;

    /// <summary>The file its grants belong to (<see cref="ScriptGrants.KeyOf"/>), as it was when it was loaded.</summary>
    public string FileKey { get; } = fileKey;
    public ScriptState State { get; set; } = ScriptState.Disabled;
    public string? Reason { get; set; }
    public ScriptMetadata Metadata { get; set; } = ScriptMetadata.Unknown(name);
    public PermissionSet Granted { get; set; } = WellKnownPermissions.Default;
    public IScriptInstance? Instance { get; set; }
    public IHostedExtension? Identity { get; set; }

    /// <summary>Its <c>irc</c> API, which holds what it registered.</summary>
    public ScriptApi? Api { get; set; }

    /// <summary>Errors in handlers since the last reset; too many in a row stop the script.</summary>
    public int RecentErrors { get; set; }

    /// <summary>Its share of the client's time, counted afresh each time the core starts the script.</summary>
    public ScriptTimeShare? Share { get; set; }

    /// <summary>The commands it added, by name: the ones <c>irc.remove_command</c> may remove.</summary>
    public Dictionary<string, IDisposable> Commands { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Ends the identity (which removes everything the script registered), then frees the interpreter.</summary>
    public void Stop()
    {
        // First the registrations, so that nothing calls into the interpreter once it is freed; then the
        // functions they held, given back to the interpreter before it goes.
        Identity?.Dispose();
        Identity = null;
        Api?.ReleaseAll();
        Api = null;
        Commands.Clear();
        Instance?.Dispose();
        Instance = null;
        Share = null;
    }
}
