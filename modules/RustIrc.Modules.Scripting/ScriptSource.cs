using RustIrc.Sdk;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Scripting;

/// <summary>One engine's scripts as entries of the extension catalog, acted on as the engine's command would.</summary>
internal sealed class ScriptSource(ScriptHost host) : IExtensionSource
{
    public string Kind => host.Language;

    public IReadOnlyList<ExtensionInfo> List()
    {
        var limits = host.DescribeLimits();
        return [.. host.Scripts.All.OrderBy(s => s.Name, StringComparer.Ordinal).Select(script => new ExtensionInfo
        {
            Id = new ExtensionId(Kind, script.Name),
            Version = script.Metadata.Version,
            Author = script.Metadata.Author,
            Description = script.Metadata.Description,
            State = script.State.ToString().ToLowerInvariant(),
            Reason = script.Reason,
            Source = script.Path,
            Requested = script.Metadata.Permissions,
            Granted = script.Granted,
            Limits = limits,
            MemoryBytes = host.CountsMemory ? script.Instance?.MemoryBytes : null,
            CpuTime = script.Instance?.CpuTime,
        })];
    }

    public ValueTask<string> ActAsync(string name, ExtensionAction action, Permission? permission)
    {
        var script = host.Scripts.Find(name) ?? throw new ArgumentException($"There is no {host.Noun} '{name}'; /extensions {Kind} lists them.");
        var problem = action switch
        {
            ExtensionAction.Enable => host.SetDisabled(script, disabled: false),
            ExtensionAction.Disable => host.SetDisabled(script, disabled: true),
            ExtensionAction.Reload => host.Load(script.Path),
            ExtensionAction.Unload => host.Unload(script.Name),
            _ => Grant(script, permission!.Value, action == ExtensionAction.Grant),
        };
        if (problem is not null) throw new InvalidOperationException(problem);
        return ValueTask.FromResult(action switch
        {
            ExtensionAction.Grant or ExtensionAction.Revoke => $"{script.Name} now holds {script.Granted}",
            _ => $"{action.ToString().ToLowerInvariant()}: {Kind}:{script.Name} is {(host.Scripts.Find(script.Name)?.State.ToString().ToLowerInvariant() ?? "unloaded")}",
        });
    }

    private string? Grant(Script script, Permission permission, bool grant)
    {
        host.ChangeGrant(script, permission, grant);
        return null;
    }
}
