using System.Text.Json;

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

    /// <summary>The id and requested permissions in <paramref name="folder"/>/module.json.</summary>
    public static (string Id, IReadOnlyList<string> Permissions) ReadManifest(string folder)
    {
        var path = Path.Combine(folder, "module.json");
        if (!File.Exists(path))
        {
            throw new PluginTestException($"No module.json in {folder}: a plugin folder holds the plugin's build output and its module.json.");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString() ?? throw new PluginTestException($"{path} has no id.");
            var permissions = root.TryGetProperty("permissions", out var list)
                ? list.EnumerateArray().Select(p => p.GetString()).OfType<string>().ToArray()
                : [];
            return (id, permissions);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new PluginTestException($"{path} cannot be read: {ex.Message}");
        }
    }
}
