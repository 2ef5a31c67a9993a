namespace RustIrc.Kernel.Loading;

/// <summary>
/// Which module runs which script files, as the modules' manifests say (<c>scriptExtensions</c>): how the
/// client picks the engine for <c>--script FILE</c> and <c>script run FILE</c> without naming a language.
/// </summary>
public sealed class ScriptEngines
{
    private readonly Dictionary<string, string> _byExtension;
    private readonly Dictionary<string, string> _folders;

    private ScriptEngines(Dictionary<string, string> byExtension, Dictionary<string, string> folders)
    {
        _byExtension = byExtension;
        _folders = folders;
    }

    /// <summary>The engines among the loadable modules of <paramref name="moduleDirectories"/>; runs no module code.</summary>
    public static ScriptEngines Find(IEnumerable<string> moduleDirectories)
    {
        var byExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ModuleCatalog.Discover(moduleDirectories).Where(e => e.Blocked is null && e.Candidate.Manifest is not null))
        {
            foreach (var extension in entry.Candidate.Manifest!.ScriptExtensions) byExtension.TryAdd(extension, entry.Id);
            folders.TryAdd(entry.Id, entry.Candidate.Manifest.ScriptFolder);
        }
        return new ScriptEngines(byExtension, folders);
    }

    /// <summary>The ids of the engine modules, each once.</summary>
    public IReadOnlyList<string> Modules => _byExtension.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The file extensions some engine runs, for messages.</summary>
    public string Known => _byExtension.Count == 0 ? "none: no script engine module was found" : string.Join(", ", _byExtension.Keys.Order(StringComparer.Ordinal));

    /// <summary>The folder (beside config.json) <paramref name="engine"/>'s scripts are autoloaded from (its manifest's <c>scriptFolder</c>).</summary>
    public string FolderOf(string engine) => _folders.GetValueOrDefault(engine, "scripts");

    /// <summary>The module that runs <paramref name="file"/>, by its extension, or null.</summary>
    public string? For(string file) => _byExtension.GetValueOrDefault(Path.GetExtension(file));
}
