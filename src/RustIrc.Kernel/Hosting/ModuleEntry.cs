using RustIrc.Kernel.Loading;
using RustIrc.Sdk;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Hosting;

/// <summary>The kernel's bookkeeping for one module id: what the catalog says, its state, and its code when loaded.</summary>
internal sealed class ModuleEntry(CatalogEntry catalog) : IDisposable
{
    private SettledFileWatcher? _watcher;

    public string Id => Catalog.Id;

    public CatalogEntry Catalog { get; set; } = catalog;

    public ModuleState State { get; set; } = catalog.Blocked ?? ModuleState.Disabled;

    public string? Reason { get; set; } = catalog.Reason ?? "not part of this composition; /module load loads it";

    public LoadedModule? Loaded { get; set; }

    public Extension? Extension { get; set; }

    /// <summary>What the previous build saved for the next one during a reload (<see cref="IKeepsStateAcrossReload"/>).</summary>
    public string? ReloadState { get; set; }

    /// <summary>A superseded copy, listed but never loaded.</summary>
    public bool IsShadow { get; init; }

    /// <summary>Whether the user wants it running (so hot reload may bring it back).</summary>
    public bool Wanted { get; set; }

    /// <summary>Starts watching the module folder for rebuilt files; <paramref name="reload"/> runs once a build has settled.</summary>
    public void Watch(TimeSpan quiet, IClientLoop loop, Func<Task> reload)
    {
        if (_watcher is not null) return;
        // Builds write several files: one group for the folder, reloaded once it has been quiet.
        var directory = Catalog.Candidate.Directory;
        _watcher = new SettledFileWatcher(directory, path => IsBuildOutput(path) ? directory : null, quiet, loop, _ => reload());
    }

    private static bool IsBuildOutput(string path) =>
        path.EndsWith(".dll", StringComparison.Ordinal) || Path.GetFileName(path) == ManifestReader.FileName;

    public void StopWatching()
    {
        _watcher?.Dispose();
        _watcher = null;
    }

    public void Dispose() => StopWatching();
}
