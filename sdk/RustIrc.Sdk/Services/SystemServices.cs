using RustIrc.Sdk.Permissions;

namespace RustIrc.Sdk.Services;

/// <summary>Files on behalf of an extension, limited to the paths it was granted.</summary>
[HostService]
public interface IFileAccess
{
    /// <summary>Reads a whole text file (UTF-8).</summary>
    [RequiresPermission(WellKnownPermissions.FileRead, ScopeParameter = "path")]
    string ReadAllText(string path);

    /// <summary>Whether a file exists.</summary>
    [RequiresPermission(WellKnownPermissions.FileRead, ScopeParameter = "path")]
    bool Exists(string path);

    /// <summary>Replaces a text file atomically (write to a temporary file, then rename).</summary>
    [RequiresPermission(WellKnownPermissions.FileWrite, ScopeParameter = "path")]
    void WriteAllText(string path, string contents);

    /// <summary>Appends text to a file, creating it when missing.</summary>
    [RequiresPermission(WellKnownPermissions.FileWrite, ScopeParameter = "path")]
    void AppendAllText(string path, string contents);
}

/// <summary>Outgoing network requests on behalf of an extension.</summary>
[HostService]
public interface INetworkAccess
{
    /// <summary>Fetches a URL with GET and returns the body as text (at most <paramref name="maxBytes"/>).</summary>
    [RequiresPermission(WellKnownPermissions.NetworkAccess)]
    Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default);
}

/// <summary>The result of an external program.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>External programs on behalf of an extension.</summary>
[HostService]
public interface IProcessLauncher
{
    /// <summary>Runs a program with arguments (no shell) and waits for it, killing it after <paramref name="timeout"/>.</summary>
    [RequiresPermission(WellKnownPermissions.CommandExecution)]
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default);
}
