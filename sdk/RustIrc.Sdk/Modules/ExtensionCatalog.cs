using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Modules;

/// <summary>One extension of any kind (a module, a Lua or Python script, a native or .NET plugin) as the catalog lists it.</summary>
public sealed record ExtensionInfo
{
    /// <summary>Who it is: its kind (<c>module</c>, <c>lua</c>, <c>python</c>, <c>native</c>, <c>dotnet</c>) and name.</summary>
    public required ExtensionId Id { get; init; }

    /// <summary>Its version, empty when it says none.</summary>
    public string Version { get; init; } = "";

    /// <summary>Who wrote it, empty when it says nobody.</summary>
    public string Author { get; init; } = "";

    /// <summary>One line about what it does.</summary>
    public string Description { get; init; } = "";

    /// <summary>Where it stands, lower-case: <c>running</c> (or <c>enabled</c> for a module), <c>disabled</c>, <c>faulted</c>, <c>incompatible</c>…</summary>
    public required string State { get; init; }

    /// <summary>Why it is not running, in words a user can act on; null when it runs.</summary>
    public string? Reason { get; init; }

    /// <summary>Where it comes from: the folder or file it was loaded from.</summary>
    public required string Source { get; init; }

    /// <summary>What it asks for (its manifest's or metadata's permissions), as written: asking grants nothing.</summary>
    public IReadOnlyList<string> Requested { get; init; } = [];

    /// <summary>What it holds now.</summary>
    public required PermissionSet Granted { get; init; }

    /// <summary>The limits its engine enforces on it, in words (<c>memory 64 MB</c>); empty for trusted code.</summary>
    public IReadOnlyList<string> Limits { get; init; } = [];

    /// <summary>The memory it holds now, when its engine counts it.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The time its calls took so far, when its engine counts it.</summary>
    public TimeSpan? CpuTime { get; init; }
}

/// <summary>What the catalog can do to an extension.</summary>
public enum ExtensionAction
{
    /// <summary>Run it again and remember that it should run.</summary>
    Enable,
    /// <summary>Stop it and remember that it should not run.</summary>
    Disable,
    /// <summary>Stop it and run it again from its file.</summary>
    Reload,
    /// <summary>Stop it until it is loaded again.</summary>
    Unload,
    /// <summary>Grant it a permission (remembered).</summary>
    Grant,
    /// <summary>Revoke a permission (remembered).</summary>
    Revoke,
}

/// <summary>
/// The extensions of one kind, for the catalog: the kernel lists its modules, each script engine its
/// scripts, the plugin loaders their plugins. Its methods run on the client loop.
/// </summary>
public interface IExtensionSource
{
    /// <summary>The kind its extensions have (<see cref="ExtensionId.Kind"/>).</summary>
    string Kind { get; }

    /// <summary>Its extensions as they are now.</summary>
    IReadOnlyList<ExtensionInfo> List();

    /// <summary>
    /// Does <paramref name="action"/> to the extension named <paramref name="name"/> and says what happened;
    /// <paramref name="permission"/> is the one to grant or revoke.
    /// </summary>
    /// <exception cref="ArgumentException">There is no such extension, or the action needs a permission and got none.</exception>
    ValueTask<string> ActAsync(string name, ExtensionAction action, Permission? permission);
}

/// <summary>
/// One list of every extension of every kind, and one set of actions on them: what <c>/extensions</c>, the
/// script manager and the GUI read. Sources add themselves; what a source added goes with it.
/// </summary>
[HostService]
public interface IExtensionCatalog
{
    /// <summary>Every extension, modules first, then each source's in the order the sources came.</summary>
    IReadOnlyList<ExtensionInfo> List();

    /// <summary>Does <paramref name="action"/> to extension <paramref name="id"/> through the source of its kind.</summary>
    /// <exception cref="ArgumentException">No source lists extensions of that kind, or it has no such extension.</exception>
    [RequiresPermission(WellKnownPermissions.ModulesManage)]
    ValueTask<string> ActAsync(ExtensionId id, ExtensionAction action, Permission? permission = null);

    /// <summary>Adds the extensions of one kind; disposing the result (or unloading its module) takes them out.</summary>
    IDisposable AddSource(IExtensionSource source);
}
