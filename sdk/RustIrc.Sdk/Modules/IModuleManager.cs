using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Modules;

/// <summary>A module as <c>/module list</c> shows it.</summary>
public sealed record ModuleStatus
{
    /// <summary>The manifest id.</summary>
    public required string Id { get; init; }

    /// <summary>The manifest version.</summary>
    public required string Version { get; init; }

    /// <summary>Its state.</summary>
    public required ModuleState State { get; init; }

    /// <summary>Why it is not Enabled, in words a user can act on; null when Enabled.</summary>
    public string? Reason { get; init; }

    /// <summary>The name of its load context, null when not loaded.</summary>
    public string? LoadContext { get; init; }

    /// <summary>What it holds.</summary>
    public required PermissionSet Permissions { get; init; }

    /// <summary>What its manifest asks for (<c>permissions</c> in module.json), as written: the user decides what it gets.</summary>
    public IReadOnlyList<string> Requested { get; init; } = [];

    /// <summary>The folder it was found in.</summary>
    public required string Directory { get; init; }

    /// <summary>The manifest's description.</summary>
    public string Description { get; init; } = "";
}

/// <summary>What happened to a load context on unload.</summary>
public sealed record UnloadReport
{
    /// <summary>The module.</summary>
    public required string Id { get; init; }

    /// <summary>Whether the load context was collected.</summary>
    public required bool Collected { get; init; }

    /// <summary>How long stop, revoke, unload and collection took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>How many full collections were run while waiting.</summary>
    public required int Collections { get; init; }

    /// <summary>One line for the user.</summary>
    public override string ToString() => Collected
        ? $"unloaded {Id} in {Elapsed.TotalMilliseconds:0} ms; load context collected"
        : $"{Id} leaked: its load context is still alive after {Collections} collection{(Collections == 1 ? "" : "s")}";
}

/// <summary>Manages modules at run time.</summary>
[HostService]
public interface IModuleManager
{
    /// <summary>All modules found, loaded or not.</summary>
    IReadOnlyList<ModuleStatus> List();

    /// <summary>Loads and starts a module (and the modules it needs).</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    Task<ModuleStatus> LoadAsync(string id);

    /// <summary>Stops and unloads a module (and the modules that need it), verifying its context is collected.</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    Task<IReadOnlyList<UnloadReport>> UnloadAsync(string id);

    /// <summary>Unloads then loads a module from disk.</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    Task<ModuleStatus> ReloadAsync(string id);

    /// <summary>Marks a module Enabled (persisted) and loads it.</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    Task<ModuleStatus> EnableAsync(string id);

    /// <summary>Marks a module and its dependents Disabled (persisted) and unloads them.</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    Task<IReadOnlyList<UnloadReport>> DisableAsync(string id);

    /// <summary>Grants a permission to a module (persisted).</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    void Grant(string id, Permission permission);

    /// <summary>Revokes a permission from a module (persisted).</summary>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    void Revoke(string id, Permission permission);
}
