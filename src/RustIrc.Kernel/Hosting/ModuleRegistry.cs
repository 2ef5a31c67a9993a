using RustIrc.Kernel.Loading;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// Every module found in the module folders, by id and in load order (what a module needs comes before
/// it). Superseded copies are kept too, listed under <c>id@folder</c> but never loaded.
/// </summary>
internal sealed class ModuleRegistry(IReadOnlyList<string> directories, Action<string> warn)
{
    private readonly Dictionary<string, ModuleEntry> _byKey = new(StringComparer.Ordinal);
    private readonly List<ModuleEntry> _order = [];

    /// <summary>Every entry, superseded copies included, dependencies first.</summary>
    public IReadOnlyList<ModuleEntry> Ordered => _order;

    /// <summary>The modules that can be loaded (no superseded copies), dependencies first.</summary>
    public IEnumerable<ModuleEntry> Loadable => _order.Where(e => !e.IsShadow);

    public ModuleEntry this[string id] => _byKey[id];

    public bool Contains(string id) => _byKey.ContainsKey(id);

    /// <summary>Reads the module folders again: new modules are added, unloaded ones take their new manifest.</summary>
    public void Rescan()
    {
        var known = Loadable.GroupBy(e => e.Catalog.Candidate.Directory).ToDictionary(g => g.Key, g => g.First().Id);
        var found = ModuleCatalog.Discover(directories, known);
        foreach (var catalog in found)
        {
            foreach (var warning in catalog.Candidate.Warnings) warn(warning);
            if (catalog.Blocked == ModuleState.Superseded)
            {
                var key = $"{catalog.Id}@{catalog.Candidate.Directory}";
                if (!_byKey.TryGetValue(key, out var superseded))
                {
                    superseded = Add(key, new ModuleEntry(catalog) { IsShadow = true });
                }
                superseded.Catalog = catalog;
                superseded.State = ModuleState.Superseded;
                superseded.Reason = catalog.Reason;
                continue;
            }
            if (_byKey.TryGetValue(catalog.Id, out var entry))
            {
                if (entry.Loaded is null) entry.Catalog = catalog;
            }
            else
            {
                entry = Add(catalog.Id, new ModuleEntry(catalog));
            }
            if (entry.Loaded is null && catalog.Blocked is { } blocked)
            {
                entry.State = blocked;
                entry.Reason = catalog.Reason;
            }
        }
        // Dependencies first, as the catalog ordered them.
        var rank = found.Select((c, i) => (c, i)).GroupBy(x => x.c.Id).ToDictionary(g => g.Key, g => g.Min(x => x.i));
        _order.Sort((a, b) => rank.GetValueOrDefault(a.Id, int.MaxValue).CompareTo(rank.GetValueOrDefault(b.Id, int.MaxValue)));
    }

    private ModuleEntry Add(string key, ModuleEntry entry)
    {
        _byKey[key] = entry;
        _order.Add(entry);
        return entry;
    }

    /// <summary>The module called <paramref name="id"/>, looking in the folders again when it is not known yet.</summary>
    /// <exception cref="ArgumentException">No such module; the message says where the kernel looked.</exception>
    public ModuleEntry Find(string id)
    {
        if (_byKey.TryGetValue(id, out var entry) && !entry.IsShadow) return entry;
        Rescan();
        return _byKey.TryGetValue(id, out entry) && !entry.IsShadow
            ? entry
            : throw new ArgumentException($"No module '{id}' was found; /module list shows the modules found in {string.Join(", ", directories)}.");
    }

    /// <summary>The module called <paramref name="id"/> as the folders hold it now (read again), running or ready to load.</summary>
    /// <exception cref="ArgumentException">No such module.</exception>
    /// <exception cref="InvalidOperationException">Its files cannot be loaded; the message says why.</exception>
    public ModuleEntry FindLoadable(string id)
    {
        Rescan();
        var entry = Find(id);
        return entry.Loaded is not null || entry.Catalog.Blocked is null
            ? entry
            : throw new InvalidOperationException($"module {id} cannot be loaded: {entry.Catalog.Reason}");
    }

    /// <summary>The loaded modules that need <paramref name="id"/> directly.</summary>
    public List<ModuleEntry> LoadedDependentsOf(string id) =>
        _order.Where(e => e.Loaded is not null && e.Catalog.Candidate.Manifest!.DependsOn.Contains(id)).ToList();

    /// <summary>Every module <paramref name="id"/> needs, directly or not.</summary>
    public List<string> DependenciesOf(string id) => Reachable(id, current =>
        _byKey.TryGetValue(current, out var entry) && entry.Catalog.Candidate.Manifest is { } manifest ? manifest.DependsOn : []);

    /// <summary>Every module that needs <paramref name="id"/>, directly or not.</summary>
    public List<string> DependentsOf(string id) => Reachable(id, current =>
        Loadable.Where(e => e.Catalog.Candidate.Manifest is { } m && m.DependsOn.Contains(current)).Select(e => e.Id));

    /// <summary>The ids reachable from <paramref name="id"/> through <paramref name="next"/>, nearest first, without <paramref name="id"/> itself.</summary>
    private static List<string> Reachable(string id, Func<string, IEnumerable<string>> next)
    {
        var result = new List<string>();
        var queue = new Queue<string>([id]);
        while (queue.Count > 0)
        {
            foreach (var found in next(queue.Dequeue()))
            {
                if (found == id || result.Contains(found)) continue;
                result.Add(found);
                queue.Enqueue(found);
            }
        }
        return result;
    }

    /// <summary>Stops every folder watcher (the kernel is going away).</summary>
    public void StopWatching()
    {
        foreach (var entry in _byKey.Values) entry.StopWatching();
    }
}
