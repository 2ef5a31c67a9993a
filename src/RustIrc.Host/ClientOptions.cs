namespace RustIrc.Host;

/// <summary>What the command line asked for.</summary>
internal sealed record ClientOptions
{
    public string? Composition { get; init; }
    public IReadOnlyList<string> ExtraModuleDirectories { get; init; } = [];
    public bool Json { get; init; }
    public string? ConfigDirectory { get; init; }
    public string? DataDirectory { get; init; }
    public bool HotReload { get; init; } = true;
    public bool Verbose { get; init; }

    /// <summary>irc:// URLs to connect to at start (<c>--connect</c>), passed to the irc module's settings.</summary>
    public IReadOnlyList<string> Connect { get; init; } = [];

    /// <summary>Script files to load at start (<c>--script</c>), passed to the engine of their language.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>The IRC nick (<c>--nick</c>), passed to the irc module's settings.</summary>
    public string? Nick { get; init; }
}
