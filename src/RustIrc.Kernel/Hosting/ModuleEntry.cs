using RustIrc.Kernel.Loading;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Hosting;

/// <summary>The kernel's bookkeeping for one module id: what the catalog says, its state, and its code when loaded.</summary>
internal sealed class ModuleEntry(CatalogEntry catalog) : IDisposable
{
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public string Id => Catalog.Id;

    public CatalogEntry Catalog { get; set; } = catalog;

    public ModuleState State { get; set; } = catalog.Blocked ?? ModuleState.Disabled;

    public string? Reason { get; set; } = catalog.Reason ?? "not part of this composition; /module load loads it";

    public LoadedModule? Loaded { get; set; }

    public Extension? Extension { get; set; }

    /// <summary>A superseded copy, listed but never loaded.</summary>
    public bool IsShadow { get; init; }

    /// <summary>Whether the user wants it running (so hot reload may bring it back).</summary>
    public bool Wanted { get; set; }

    /// <summary>Starts watching the module folder for rebuilt files, when the kernel does hot reload.</summary>
    public void Watch(RustIrcKernel kernel)
    {
        if (_watcher is not null || !kernel.HotReloadEnabled) return;
        var watcher = new FileSystemWatcher(Catalog.Candidate.Directory)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _debounce = new Timer(_ => kernel.Loop.Post(() => _ = kernel.HotReloadAsync(this)));
        FileSystemEventHandler changed = (_, e) =>
        {
            if (e.Name is { } name && (name.EndsWith(".dll", StringComparison.Ordinal) || name == ManifestReader.FileName))
            {
                // Builds write several files; wait for a quiet moment, then reload once.
                _debounce?.Change(kernel.HotReloadDelay, Timeout.InfiniteTimeSpan);
            }
        };
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Renamed += (s, e) => changed(s, e);
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
    }

    public void StopWatching()
    {
        _watcher?.Dispose();
        _watcher = null;
        _debounce?.Dispose();
        _debounce = null;
    }

    public void Dispose() => StopWatching();
}
