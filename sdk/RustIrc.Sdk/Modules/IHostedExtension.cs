using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Modules;

/// <summary>
/// An extension a module runs itself, such as one script of a script engine: it has its own identity and
/// permissions, the services it reaches through <see cref="Services"/> are guarded in its name (a refused
/// call names the script and how to grant it, not the engine), and everything it registers through
/// <see cref="Events"/>, <see cref="Commands"/> and <see cref="Loop"/> is its own: disposing it removes
/// all of that, and nothing it registered outlives it.
/// </summary>
/// <remarks>
/// Its permissions are the ones the user granted it (the script engine reads them from the config and
/// from <c>/lua grant</c>), independent of the host's: a script granted <c>file_write:/x</c> may write
/// there although the Lua engine itself may not. The host is trusted in-process code, which could do
/// anything a hosted extension can; what this adds is that each script's calls are checked, refused and
/// logged in the script's own name. Disposing it (or unloading the host) ends it; its guards then refuse calls.
/// </remarks>
public interface IHostedExtension : IDisposable
{
    /// <summary>Who it is, e.g. <c>lua:autogreet</c>.</summary>
    ExtensionId Id { get; }

    /// <summary>What it may do; setting it takes effect on the next guarded call.</summary>
    PermissionSet Permissions { get; set; }

    /// <summary>
    /// How much it may read and write through <see cref="IFileAccess"/> (<see cref="FileQuota.Default"/>
    /// until the host sets it); setting it takes effect on the next call.
    /// </summary>
    FileQuota FileQuota { get; set; }

    /// <summary>Services guarded for this extension.</summary>
    IServiceBroker Services { get; }

    /// <summary>
    /// The event bus in this extension's name: what it subscribes is its own (removed when it ends), IRC
    /// events need its <c>irc.read</c>, and logins reach it masked unless it holds <c>irc.credentials</c>.
    /// </summary>
    Events.IEventBus Events { get; }

    /// <summary>The command registry in this extension's name: its commands are its own, removed when it ends.</summary>
    Commands.ICommandRegistry Commands { get; }

    /// <summary>The client loop in this extension's name: its timers are its own, cancelled when it ends.</summary>
    IClientLoop Loop { get; }

    /// <summary>
    /// Told why, on the client loop, when the kernel stops this extension because its handlers kept
    /// throwing (as many times within a minute as stop a module): the kernel ends it right after, so the
    /// host marks it faulted and shows the reason.
    /// </summary>
    Action<string>? Faulted { get; set; }
}
