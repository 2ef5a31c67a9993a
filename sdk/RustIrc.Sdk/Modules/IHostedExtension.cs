using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Modules;

/// <summary>
/// An extension a module runs itself, such as one script of a script engine: it has its own identity and
/// permissions, and the services it reaches through <see cref="Services"/> are guarded in its name, so a
/// refused call names the script and how to grant it, not the engine.
/// </summary>
/// <remarks>
/// A hosted extension never holds more than its host: permissions the hosting module lacks are dropped.
/// Disposing it (or unloading the host) ends it; its guards then refuse calls.
/// </remarks>
public interface IHostedExtension : IDisposable
{
    /// <summary>Who it is, e.g. <c>lua:autogreet</c>.</summary>
    ExtensionId Id { get; }

    /// <summary>What it may do; setting it takes effect on the next guarded call (capped by the host's permissions).</summary>
    PermissionSet Permissions { get; set; }

    /// <summary>Services guarded for this extension.</summary>
    IServiceBroker Services { get; }
}
