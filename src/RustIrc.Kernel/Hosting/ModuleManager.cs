using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

public sealed partial class RustIrcKernel
{
    internal bool HotReloadEnabled => _options.HotReload;

    internal TimeSpan HotReloadDelay => _options.HotReloadDelay;

    /// <summary>Module management; every operation runs on the client loop.</summary>
    private sealed class ModuleManager(RustIrcKernel kernel) : IModuleManager
    {
        public IReadOnlyList<ModuleStatus> List()
        {
            if (kernel.Loop.IsOnLoop) return Snapshot();
            return kernel.Loop.InvokeAsync(() => Task.FromResult(Snapshot())).GetAwaiter().GetResult();

            IReadOnlyList<ModuleStatus> Snapshot() => kernel._order.Select(kernel.Describe).ToArray();
        }

        public Task<ModuleStatus> LoadAsync(string id) => kernel.Loop.InvokeAsync(async () =>
        {
            kernel.Rescan();
            var entry = kernel.Find(id);
            if (entry.Loaded is null)
            {
                if (entry.Catalog.Blocked is not null)
                {
                    throw new InvalidOperationException($"module {id} cannot be loaded: {entry.Catalog.Reason}");
                }
                await kernel.LoadWithDependenciesAsync(entry, []);
            }
            return kernel.Describe(entry);
        });

        public Task<IReadOnlyList<UnloadReport>> UnloadAsync(string id) => kernel.Loop.InvokeAsync(async () =>
        {
            var entry = kernel.Find(id);
            if (entry.Loaded is null)
            {
                throw new InvalidOperationException($"module {id} is not loaded (it is {entry.State}).");
            }
            entry.Reason = null;
            return (IReadOnlyList<UnloadReport>)await kernel.UnloadCoreAsync(entry, "user", ModuleState.Disabled, wanted: false);
        });

        public Task<ModuleStatus> ReloadAsync(string id) => kernel.Loop.InvokeAsync(async () =>
        {
            var entry = kernel.Find(id);
            var reports = entry.Loaded is null ? [] : await kernel.UnloadCoreAsync(entry, "reload", ModuleState.Disabled, wanted: true);
            kernel.Rescan();
            entry = kernel.Find(id);
            if (entry.Catalog.Blocked is not null)
            {
                throw new InvalidOperationException($"module {id} cannot be loaded: {entry.Catalog.Reason}");
            }
            await kernel.LoadWithDependenciesAsync(entry, []);
            foreach (var dependent in reports.Select(r => kernel._modules[r.Id]).Where(e => e != entry))
            {
                await kernel.LoadWithDependenciesAsync(dependent, []);
            }
            kernel.LastReloadReports = reports;
            return kernel.Describe(entry);
        });

        public Task<ModuleStatus> EnableAsync(string id)
        {
            kernel.Loop.Post(() =>
            {
                // Enabling a module enables what it needs too, so the next start loads the same set.
                foreach (var needed in kernel.DependenciesOf(id).Append(id)) kernel._store.Disabled.Remove(needed);
                kernel._store.Save();
            });
            return LoadAsync(id);
        }

        public Task<IReadOnlyList<UnloadReport>> DisableAsync(string id) => kernel.Loop.InvokeAsync(async () =>
        {
            var entry = kernel.Find(id);
            var dependents = kernel.DependentsOf(id);
            foreach (var disabled in dependents.Append(id))
            {
                kernel._store.Disabled.Add(disabled);
            }
            kernel._store.Save();
            var reports = entry.Loaded is null ? [] : await kernel.UnloadCoreAsync(entry, "user", ModuleState.Disabled, wanted: false);
            foreach (var disabled in dependents.Append(id).Select(d => kernel._modules[d]))
            {
                disabled.State = ModuleState.Disabled;
                disabled.Wanted = false;
                disabled.Reason = disabled.Id == id
                    ? $"disabled by the user; /module enable {id} turns it back on"
                    : $"disabled because it needs '{id}'; /module enable {disabled.Id} turns both back on";
            }
            return (IReadOnlyList<UnloadReport>)reports;
        });

        public void Grant(string id, Permission permission) => Change(id, permission, grant: true);

        public void Revoke(string id, Permission permission) => Change(id, permission, grant: false);

        private void Change(string id, Permission permission, bool grant)
        {
            kernel.Loop.InvokeAsync(() =>
            {
                var entry = kernel.Find(id);
                var text = permission.ToString();
                var add = grant ? kernel._store.Granted : kernel._store.Revoked;
                var remove = grant ? kernel._store.Revoked : kernel._store.Granted;
                if (!add.TryGetValue(id, out var set)) add[id] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(text);
                // Taken off in any spelling the opposite list holds it in ("/x/" for "/x").
                if (remove.TryGetValue(id, out var other)) other.RemoveWhere(t => SameGrant(t, permission));
                kernel._store.Save();
                if (entry.Extension is { } extension)
                {
                    extension.Permissions = kernel.GrantsFor(id);
                }
                return Task.CompletedTask;
            }).GetAwaiter().GetResult();
        }
    }

    private static bool SameGrant(string text, Permission permission)
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

    /// <summary>The reports of the last reload, for the /module reload reply.</summary>
    internal IReadOnlyList<UnloadReport> LastReloadReports { get; private set; } = [];

    /// <summary>Every module <paramref name="id"/> needs, directly or not.</summary>
    private List<string> DependenciesOf(string id) => Reachable(id, current =>
        _modules.TryGetValue(current, out var entry) && entry.Catalog.Candidate.Manifest is { } manifest ? manifest.DependsOn : []);

    /// <summary>Every module that needs <paramref name="id"/>, directly or not.</summary>
    private List<string> DependentsOf(string id) => Reachable(id, current =>
        _order.Where(e => !e.IsShadow && e.Catalog.Candidate.Manifest is { } m && m.DependsOn.Contains(current)).Select(e => e.Id));

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
}
