namespace RustIrc.Host;

/// <summary>Where the client finds its configuration, data, modules and compositions.</summary>
internal sealed record ClientPaths(string ConfigDirectory, string DataDirectory, IReadOnlyList<string> ModuleDirectories, IReadOnlyList<string> CompositionDirectories)
{
    public string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

    public static ClientPaths Resolve(ClientOptions options)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var config = options.ConfigDirectory
            ?? Environment.GetEnvironmentVariable("RUSTIRC_CONFIG_DIR")
            ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdgConfig ? xdgConfig : Path.Combine(home, ".config"), "rustirc");
        var data = options.DataDirectory
            ?? Environment.GetEnvironmentVariable("RUSTIRC_DATA_DIR")
            ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdgData ? xdgData : Path.Combine(home, ".local", "share"), "rustirc");

        // Built layout: artifacts/<Configuration>/rustirc/ beside artifacts/<Configuration>/modules/.
        // Published layout: modules/ inside the application folder. User modules: <config>/modules/.
        var baseDirectory = AppContext.BaseDirectory;
        var modules = new List<string>();
        foreach (var candidate in new[]
        {
            Path.GetFullPath(Path.Combine(baseDirectory, "..", "modules")),
            Path.Combine(baseDirectory, "modules"),
            Path.Combine(config, "modules"),
        })
        {
            if (Directory.Exists(candidate) && !modules.Contains(candidate)) modules.Add(candidate);
        }
        var compositions = new[] { Path.Combine(baseDirectory, "compositions"), Path.Combine(config, "compositions") };
        return new ClientPaths(Path.GetFullPath(config), Path.GetFullPath(data), modules, compositions);
    }
}
