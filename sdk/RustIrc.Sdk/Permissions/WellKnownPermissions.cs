namespace RustIrc.Sdk.Permissions;

/// <summary>
/// The permissions an extension can be granted. Each one guards some SDK service methods through
/// <see cref="RequiresPermissionAttribute"/>; the kernel checks it at the service boundary.
/// </summary>
public static class WellKnownPermissions
{
    /// <summary>Open outgoing network connections through the client (HTTP fetches, sockets).</summary>
    public const string NetworkAccess = "network_access";

    /// <summary>Read files under a granted path (scoped: <c>file_read:/path</c>).</summary>
    public const string FileRead = "file_read";

    /// <summary>Create or change files under a granted path (scoped: <c>file_write:/path</c>).</summary>
    public const string FileWrite = "file_write";

    /// <summary>Start external programs.</summary>
    public const string CommandExecution = "command_execution";

    /// <summary>Print into buffers, open and switch buffers. Granted by default.</summary>
    public const string UiModification = "ui_modification";

    /// <summary>Load, unload, reload, enable and disable modules and change their grants.</summary>
    public const string ModulesManage = "modules.manage";

    /// <summary>Send on IRC networks the client is connected to: messages, notices, actions, joins, parts, modes, raw lines, disconnect. (Connecting to a new server needs <see cref="NetworkAccess"/>.)</summary>
    public const string IrcSend = "irc.send";

    /// <summary>Read the IRC state: networks, channels, topics, members and their modes.</summary>
    public const string IrcRead = "irc.read";

    /// <summary>
    /// See logins as they are: server passwords (<c>PASS</c>), SASL payloads (<c>AUTHENTICATE</c>), operator
    /// passwords and what is said to services to identify. Without it, an extension that may read IRC gets
    /// those events with the secret masked (<see cref="Events.RustIrcEvent.WithoutCredentials"/>), and its raw
    /// modifiers do not run on such lines.
    /// </summary>
    public const string IrcCredentials = "irc.credentials";

    /// <summary>Every known permission name.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        NetworkAccess, FileRead, FileWrite, CommandExecution, UiModification, ModulesManage, IrcSend, IrcRead, IrcCredentials,
    };

    /// <summary>What an extension holds when nobody granted it anything: only <see cref="UiModification"/>.</summary>
    public static PermissionSet Default { get; } = new([new Permission(UiModification)]);

    /// <summary>Whether the permission is narrowed by a path.</summary>
    public static bool IsScoped(string name) => name is FileRead or FileWrite;
}
