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
}
