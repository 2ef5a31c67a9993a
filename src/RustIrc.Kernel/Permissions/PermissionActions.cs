using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Permissions;

/// <summary>
/// What a permission lets an extension do, in the user's words, for refusals: "needs permission file_read
/// for reading a file" tells a user more than the interface and method that asked.
/// </summary>
internal static class PermissionActions
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        [WellKnownPermissions.FileRead] = "reading a file",
        [WellKnownPermissions.FileWrite] = "writing a file",
        [WellKnownPermissions.NetworkAccess] = "connecting to the network",
        [WellKnownPermissions.CommandExecution] = "running a program",
        [WellKnownPermissions.UiModification] = "changing what the client shows",
        [WellKnownPermissions.ModulesManage] = "managing modules",
        [WellKnownPermissions.IrcSend] = "sending to IRC",
        [WellKnownPermissions.IrcRead] = "reading IRC traffic",
        [WellKnownPermissions.IrcCredentials] = "seeing IRC passwords",
    };

    /// <summary>The action <paramref name="permission"/> allows; <paramref name="fallback"/> for a permission a module made up.</summary>
    public static string Of(string permission, string fallback) => Actions.GetValueOrDefault(permission, fallback);
}
