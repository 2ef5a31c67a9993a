using RustIrc.Kernel.Threading;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary>Module management as the SDK offers it (<c>/module</c>, the catalog); every operation runs on the client loop.</summary>
internal sealed class ModuleManager(ClientLoop loop, ModuleRegistry registry, ModuleLifecycle lifecycle, ModuleGrants grants, ModuleStateStore store) : IModuleManager
{
    public IReadOnlyList<ModuleStatus> List()
    {
        if (loop.IsOnLoop) return Snapshot();
        return loop.InvokeAsync(() => Task.FromResult(Snapshot())).GetAwaiter().GetResult();

        IReadOnlyList<ModuleStatus> Snapshot() => registry.Ordered.Select(Describe).ToArray();
    }

    public Task<ModuleStatus> LoadAsync(string id) => loop.InvokeAsync(async () =>
    {
        var entry = registry.FindLoadable(id);
        if (entry.Loaded is null) await lifecycle.LoadAsync(entry);
        return Describe(entry);
    });

    public Task<IReadOnlyList<UnloadReport>> UnloadAsync(string id) => loop.InvokeAsync(async () =>
    {
        var entry = registry.Find(id);
        if (entry.Loaded is null)
        {
            throw new InvalidOperationException($"module {id} is not loaded (it is {entry.State}).");
        }
        entry.Reason = null;
        // A module that keeps state across a reload keeps it for a later /module load in this run too.
        return (IReadOnlyList<UnloadReport>)await lifecycle.UnloadAsync(entry, "user", ModuleState.Disabled, wanted: false, keepState: true);
    });

    public async Task<ModuleStatus> ReloadAsync(string id) => (await ReloadWithReportsAsync(id)).Status;

    /// <summary>Reloads module <paramref name="id"/>; with the reports of its unload, which <c>/module reload</c> shows.</summary>
    public Task<(ModuleStatus Status, IReadOnlyList<UnloadReport> Reports)> ReloadWithReportsAsync(string id) => loop.InvokeAsync(async () =>
    {
        var reports = await lifecycle.ReloadAsync(id);
        return (Describe(registry.Find(id)), reports);
    });

    public Task<ModuleStatus> EnableAsync(string id)
    {
        loop.Post(() =>
        {
            // Enabling a module enables what it needs too, so the next start loads the same set.
            foreach (var needed in registry.DependenciesOf(id).Append(id)) store.Disabled.Remove(needed);
            store.Save();
        });
        return LoadAsync(id);
    }

    public Task<IReadOnlyList<UnloadReport>> DisableAsync(string id) => loop.InvokeAsync(async () =>
    {
        var entry = registry.Find(id);
        var dependents = registry.DependentsOf(id);
        foreach (var disabled in dependents.Append(id)) store.Disabled.Add(disabled);
        store.Save();
        var reports = entry.Loaded is null ? [] : await lifecycle.UnloadAsync(entry, "user", ModuleState.Disabled, wanted: false);
        foreach (var disabled in dependents.Append(id).Select(d => registry[d]))
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

    private void Change(string id, Permission permission, bool grant) => loop.InvokeAsync(() =>
    {
        var entry = registry.Find(id);
        var now = grants.Change(id, permission, grant);
        // A running module holds the new set from its next call on.
        if (entry.Extension is { } extension) extension.Permissions = now;
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    private ModuleStatus Describe(ModuleEntry entry) => new()
    {
        Id = entry.Id,
        Version = entry.Catalog.Candidate.Manifest?.Version ?? "?",
        State = entry.State,
        Reason = entry.Reason,
        LoadContext = entry.Loaded?.ContextName,
        Permissions = entry.Extension?.Permissions ?? grants.For(entry.Id),
        Requested = entry.Catalog.Candidate.Manifest?.Permissions ?? [],
        Directory = entry.Catalog.Candidate.Directory,
        Description = entry.Catalog.Candidate.Manifest?.Description ?? "",
    };
}
