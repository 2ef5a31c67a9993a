using RustIrc.Kernel.Loading;

namespace RustIrc.Sdk.Testing;

/// <summary>Where the client's own modules are, and what a plugin folder's manifest asks for.</summary>
internal static class BundledModules
{
    /// <summary>The folder the package's build step (or the repository's) copies the client's modules into.</summary>
    public const string FolderName = "rustirc-modules";

    public static string Find(string? configured)
    {
        var directory = configured ?? Path.Combine(AppContext.BaseDirectory, FolderName);
        if (!File.Exists(Path.Combine(directory, "irc", "module.json")))
        {
            throw new PluginTestException(
                $"The client's modules (irc, ui, lua, python) were not found in {directory}. The RustIrc.Sdk.Testing package copies them " +
                $"there when the test project builds: rebuild it, or set {nameof(PluginTestOptions.ClientModulesDirectory)}.");
        }
        return directory;
    }

    /// <summary>The id and requested permissions in <paramref name="folder"/>/module.json, read as the client reads it.</summary>
    public static (string Id, IReadOnlyList<string> Permissions) ReadManifest(string folder)
    {
        if (!File.Exists(Path.Combine(folder, "module.json")))
        {
            throw new PluginTestException($"No module.json in {folder}: a plugin folder holds the plugin's build output and its module.json.");
        }
        var candidate = ManifestReader.Read(folder);
        return candidate.Manifest is { } manifest
            ? (manifest.Id, manifest.Permissions)
            : throw new PluginTestException($"The plugin in {folder} cannot be loaded: {candidate.Problem}");
    }
}
