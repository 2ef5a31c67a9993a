using RustIrc.Sdk;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// The one list of every extension: the kernel's modules, then what each source adds (a script engine's
/// scripts, a plugin loader's plugins). Runs on the client loop.
/// </summary>
internal sealed class ExtensionCatalog(IExtensionSource modules) : IExtensionCatalog
{
    private readonly List<IExtensionSource> _sources = [modules];

    public IReadOnlyList<ExtensionInfo> List() => [.. _sources.ToArray().SelectMany(source => source.List())];

    public ValueTask<string> ActAsync(ExtensionId id, ExtensionAction action, Permission? permission = null)
    {
        var source = _sources.LastOrDefault(s => s.Kind == id.Kind)
            ?? throw new ArgumentException($"No loaded module lists extensions of kind '{id.Kind}' (known kinds: {string.Join(", ", _sources.Select(s => s.Kind).Distinct())}).");
        if (action is ExtensionAction.Grant or ExtensionAction.Revoke && permission is null)
        {
            throw new ArgumentException($"To {action.ToString().ToLowerInvariant()} a permission, name it: /extensions {action.ToString().ToLowerInvariant()} {id} PERMISSION");
        }
        return source.ActAsync(id.Name, action, permission);
    }

    public IDisposable AddSource(IExtensionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _sources.Add(source);
        return new Disposable(() => _sources.Remove(source));
    }
}

/// <summary>The kernel's modules as catalog entries, acted on through the module manager.</summary>
internal sealed class ModuleSource(IModuleManager manager) : IExtensionSource
{
    public string Kind => "module";

    public IReadOnlyList<ExtensionInfo> List() => [.. manager.List().Select(module => new ExtensionInfo
    {
        Id = ExtensionId.Module(module.Id),
        Version = module.Version,
        Description = module.Description,
        State = module.State.ToString().ToLowerInvariant(),
        Reason = module.Reason,
        Source = module.Directory,
        Requested = module.Requested,
        Granted = module.Permissions,
    })];

    public async ValueTask<string> ActAsync(string name, ExtensionAction action, Permission? permission)
    {
        if (!manager.List().Any(m => m.Id == name)) throw new ArgumentException($"There is no module '{name}'; /extensions lists them.");
        switch (action)
        {
            case ExtensionAction.Enable:
                return Describe(await manager.EnableAsync(name));
            case ExtensionAction.Disable:
                return string.Join("; ", (await manager.DisableAsync(name)).Select(r => r.ToString())) + $"; {name} is disabled";
            case ExtensionAction.Reload:
                return Describe(await manager.ReloadAsync(name));
            case ExtensionAction.Unload:
                return string.Join("; ", (await manager.UnloadAsync(name)).Select(r => r.ToString()));
            case ExtensionAction.Grant:
                manager.Grant(name, permission!.Value);
                return $"granted {permission} to {name}";
            default:
                manager.Revoke(name, permission!.Value);
                return $"revoked {permission} from {name}";
        }
    }

    private static string Describe(ModuleStatus status) =>
        status.State == ModuleState.Enabled ? $"{status.Id} {status.Version} runs" : $"{status.Id} is {status.State.ToString().ToLowerInvariant()}: {status.Reason}";
}
