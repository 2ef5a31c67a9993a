using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Modules;

/// <summary>
/// What the kernel gives a module. Everything registered through <see cref="Events"/>,
/// <see cref="Commands"/>, <see cref="Services"/> and <see cref="Loop"/> is owned by the module and
/// removed when it unloads.
/// </summary>
public interface IModuleContext
{
    /// <summary>The module's identity.</summary>
    ExtensionId Id { get; }

    /// <summary>The module's manifest.</summary>
    ModuleManifest Manifest { get; }

    /// <summary>What the user granted the module; can change while it runs.</summary>
    PermissionSet Permissions { get; }

    /// <summary>A logger named after the module.</summary>
    ILogger Logger { get; }

    /// <summary>The module's section of the configuration (<c>modules:&lt;id&gt;</c>).</summary>
    IConfiguration Settings { get; }

    /// <summary>A directory of its own for persistent data; created on first use.</summary>
    string DataDirectory { get; }

    /// <summary>
    /// The folder the module was loaded from (where its module.json is), for files it ships beside its
    /// assembly: native helpers, assets. The assembly itself is loaded from memory, so its
    /// <c>Assembly.Location</c> is empty.
    /// </summary>
    string ModuleDirectory { get; }

    /// <summary>The event bus.</summary>
    IEventBus Events { get; }

    /// <summary>The command registry.</summary>
    ICommandRegistry Commands { get; }

    /// <summary>The service broker; services it hands out are checked against this module's permissions.</summary>
    IServiceBroker Services { get; }

    /// <summary>The client loop, for posting work and timers.</summary>
    IClientLoop Loop { get; }

    /// <summary>The client's lifetime.</summary>
    IClientLifetime Lifetime { get; }

    /// <summary>
    /// Starts an extension this module runs itself (a script), with its own identity and the permissions
    /// the user granted it. It ends when disposed or when this module unloads.
    /// </summary>
    IHostedExtension HostExtension(ExtensionId id, PermissionSet permissions);
}
