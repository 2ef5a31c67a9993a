namespace RustIrc.Sdk.Permissions;

/// <summary>
/// Thrown at the service boundary when an extension calls a method it holds no permission for.
/// The message names the extension, the permission and the command that grants it.
/// </summary>
public sealed class PermissionDeniedException : Exception
{
    /// <summary>Creates the exception for <paramref name="extension"/> lacking <paramref name="permission"/>.</summary>
    public PermissionDeniedException(ExtensionId extension, Permission permission, string operation)
        : base(Describe(extension, permission, operation))
    {
        Extension = extension;
        Permission = permission;
        Operation = operation;
    }

    /// <summary>The extension that was refused.</summary>
    public ExtensionId Extension { get; }

    /// <summary>The permission it lacked.</summary>
    public Permission Permission { get; }

    /// <summary>
    /// What it tried to do, in words the message shows after "for": an action (<c>reading a file</c>) when
    /// the kernel refused a service call, or the script function a script called (<c>irc.buffers</c>).
    /// </summary>
    public string Operation { get; }

    private static string Describe(ExtensionId extension, Permission permission, string operation)
    {
        var grantCommand = extension.Kind switch
        {
            // Modules with /module grant; scripts with their engine's command (/lua grant, /python grant).
            _ => $"/{extension.Kind} grant {extension.Name} {permission}",
        };
        return $"{extension.Kind} '{extension.Name}' needs permission {permission} for {operation}; grant it with {grantCommand}";
    }
}
