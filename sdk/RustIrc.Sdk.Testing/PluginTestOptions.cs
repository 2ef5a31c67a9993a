using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Testing;

/// <summary>How a <see cref="PluginTestHost"/> is set up; everything left out has a test-friendly default.</summary>
public sealed record PluginTestOptions
{
    /// <summary>
    /// Folders of the plugins to load, each holding a module.json. Empty (the default) loads the plugin
    /// whose module.json the build copied beside the test assembly: the one the test project references.
    /// </summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary>Script files to load (<c>.lua</c>, <c>.py</c>); the engine of each one's language is started for it.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>
    /// What each plugin or engine module is granted, by module id (<c>network_access</c>, or
    /// <c>file_read:/some/path</c> for a scoped one). A plugin not listed gets what its manifest asks for.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Permissions held back from the plugins under test whatever they ask for, to test how they cope with a refusal.</summary>
    public IReadOnlyList<string> Withhold { get; init; } = [];

    /// <summary>Configuration keys as in config.json, flattened with colons: <c>modules:seen:limit</c> = <c>10</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The client's nick on the in-memory network.</summary>
    public string Nick { get; init; } = "tester";

    /// <summary>IRCv3 capabilities the in-memory server offers (<c>server-time</c>, <c>echo-message</c>…).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Connect to the in-memory server at start and wait for registration (the default), or leave the client unconnected.</summary>
    public bool Connect { get; init; } = true;

    /// <summary>
    /// Stand-in for HTTP (<see cref="INetworkAccess"/>): what plugins fetch comes from it instead of the
    /// network. Null keeps the client's real HTTP.
    /// </summary>
    public INetworkAccess? Web { get; init; }

    /// <summary>
    /// Fail the test (with <see cref="PluginTestException"/>) at the next wait, command or sync after a
    /// plugin or script threw or printed an error. Turn it off to assert on <see cref="PluginTestHost.Errors"/> yourself.
    /// </summary>
    public bool FailOnErrors { get; init; } = true;

    /// <summary>Where the client's own modules (ui, irc, lua, python) are; null finds them beside the test assembly.</summary>
    public string? ClientModulesDirectory { get; init; }

    /// <summary>The client's data directory (plugin data, script state); null makes a temporary one, deleted at the end.</summary>
    public string? DataDirectory { get; init; }
}
