using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Kernel.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary>What a module receives; every facade in it records registrations under the module's <see cref="Extension"/>.</summary>
internal sealed class ModuleContext(
    Extension extension,
    ModuleManifest manifest,
    ILogger logger,
    IConfiguration settings,
    string dataDirectory,
    string moduleDirectory,
    IEventBus events,
    ICommandRegistry commands,
    IServiceBroker services,
    IClientLoop loop,
    IClientLifetime lifetime) : IModuleContext
{
    public ExtensionId Id => extension.Id;
    public ModuleManifest Manifest => manifest;
    public PermissionSet Permissions => extension.Permissions;
    public ILogger Logger => logger;
    public IConfiguration Settings => settings;

    public string DataDirectory
    {
        get
        {
            Directory.CreateDirectory(dataDirectory);
            return dataDirectory;
        }
    }

    public string ModuleDirectory => moduleDirectory;

    public IEventBus Events => events;
    public ICommandRegistry Commands => commands;
    public IServiceBroker Services => services;
    public IClientLoop Loop => loop;
    public IClientLifetime Lifetime => lifetime;

    public IHostedExtension HostExtension(ExtensionId id, PermissionSet permissions)
    {
        if (id.Kind is "module" or "kernel")
        {
            throw new ArgumentException($"A hosted extension cannot pretend to be a {id.Kind}; use the script's language as its kind.", nameof(id));
        }
        var inner = new Extension(id, PermissionSet.Empty) { FileQuota = FileQuota.Default };
        var hosted = new HostedExtension(inner)
        {
            Services = ((OwnedServiceBroker)services).For(inner),
            Events = ((Events.OwnedEventBus)events).For(inner),
            Commands = ((Commands.OwnedCommandRegistry)commands).For(inner),
            Loop = ((OwnedClientLoop)loop).For(inner),
        };
        hosted.Permissions = permissions;
        hosted.Ownership = extension.Own(hosted.Inner);
        return hosted;
    }
}

/// <summary>A script (or similar) run by a module: its own identity and the permissions the user granted it.</summary>
internal sealed class HostedExtension(Extension inner) : IHostedExtension
{
    private PermissionSet _requested = PermissionSet.Empty;

    public Extension Inner { get; } = inner;

    public IDisposable? Ownership { get; set; }

    public ExtensionId Id => Inner.Id;

    public required IServiceBroker Services { get; init; }

    public required IEventBus Events { get; init; }

    public required ICommandRegistry Commands { get; init; }

    public required IClientLoop Loop { get; init; }

    public PermissionSet Permissions
    {
        get => _requested;
        set
        {
            _requested = value;
            Inner.Permissions = value;
        }
    }

    public FileQuota FileQuota
    {
        get => Inner.FileQuota;
        set => Inner.FileQuota = value;
    }

    public Action<string>? Faulted
    {
        get => Inner.Faulted;
        set => Inner.Faulted = value;
    }

    public void Dispose()
    {
        Inner.Dispose();
        Ownership?.Dispose();
    }
}

/// <summary>The client loop as one extension sees it: its timers are its own.</summary>
internal sealed class OwnedClientLoop(Threading.ClientLoop loop, Extension owner) : IClientLoop
{
    /// <summary>The same loop, with timers owned by <paramref name="hosted"/>.</summary>
    public OwnedClientLoop For(Extension hosted) => new(loop, hosted);

    public bool IsOnLoop => loop.IsOnLoop;

    public void Post(Action action) => loop.Post(action);

    public Task InvokeAsync(Func<Task> action) => loop.InvokeAsync(action);

    public IDisposable Schedule(TimeSpan due, Action action, TimeSpan? period = null)
    {
        IDisposable? handle = null;
        Action run = period is null
            ? () =>
            {
                // A one-shot timer leaves the owner's ledger once it has fired.
                handle?.Dispose();
                action();
            }
            : action;
        handle = owner.Own(loop.Schedule(due, run, period));
        return handle;
    }
}
