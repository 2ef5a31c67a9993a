using System.Text.Json;
using RustIrc.Sdk;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Loading;

/// <summary>A module folder as found on disk: its manifest, or why it has none usable.</summary>
internal sealed record ModuleCandidate(string Directory, string Id, ModuleManifest? Manifest, string? Problem, IReadOnlyList<string> Warnings)
{
    /// <summary>The settings its manifest declares, or null when it declares none (its config section is then not checked).</summary>
    public DeclaredSettings? Settings { get; init; }

    public string AssemblyPath => Path.Combine(Directory, Manifest!.Assembly);
}

/// <summary>
/// Reads <c>module.json</c> without running any module code, and says precisely what is wrong with a
/// bad one (which key, which line) so the user can fix it.
/// </summary>
internal static class ManifestReader
{
    public const string FileName = "module.json";

    private static readonly string[] KnownKeys = ["id", "version", "sdkVersion", "assembly", "description", "dependsOn", "permissions", "scriptExtensions", "scriptFolder", "settings"];

    /// <param name="directory">The module folder.</param>
    /// <param name="knownId">The id this folder's module had when last read: a manifest broken before its id is still that module.</param>
    public static ModuleCandidate Read(string directory, string? knownId = null) => Read(directory, knownId, File.ReadAllBytes);

    /// <summary>As <see cref="Read(string, string?)"/>, with the manifest's bytes from <paramref name="readFile"/> (the fuzzer's, without a file).</summary>
    internal static ModuleCandidate Read(string directory, string? knownId, Func<string, byte[]> readFile)
    {
        var path = Path.Combine(directory, FileName);
        var fallbackId = knownId ?? Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        var warnings = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(readFile(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Broken("it must be a JSON object");
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownKeys.Contains(property.Name))
                {
                    var near = KnownKeys.FirstOrDefault(k => EditDistance.Between(k, property.Name) <= 2);
                    warnings.Add(near is null
                        ? $"{path}: unknown key '{property.Name}' is ignored"
                        : $"{path}: unknown key '{property.Name}' is ignored (did you mean '{near}'?)");
                }
            }
            var id = RequiredString(root, "id");
            if (!IsValidId(id))
            {
                return Broken($"id '{id}' must be lower-case letters, digits, '-' or '.', starting with a letter");
            }
            fallbackId = id;
            var version = RequiredString(root, "version");
            var sdkVersion = RequiredString(root, "sdkVersion");
            if (!System.Version.TryParse(sdkVersion, out _))
            {
                return Broken($"sdkVersion '{sdkVersion}' is not a version such as \"1.0\"");
            }
            var assembly = RequiredString(root, "assembly");
            if (assembly.Contains('/') || assembly.Contains('\\') || assembly.Contains(".."))
            {
                return Broken($"assembly '{assembly}' must be a file name in the module folder, not a path");
            }
            var manifest = new ModuleManifest
            {
                Id = id,
                Version = version,
                SdkVersion = sdkVersion,
                Assembly = assembly,
                Description = OptionalString(root, "description") ?? "",
                DependsOn = StringArray(root, "dependsOn"),
                Permissions = StringArray(root, "permissions"),
                ScriptExtensions = StringArray(root, "scriptExtensions"),
                ScriptFolder = OptionalString(root, "scriptFolder") ?? "scripts",
            };
            if (!IsFolderName(manifest.ScriptFolder))
            {
                return Broken($"scriptFolder: '{manifest.ScriptFolder}' must be one folder name of letters, digits, '-' and '_', such as \"scripts\"");
            }
            if (manifest.ScriptExtensions.FirstOrDefault(e => !IsFileExtension(e)) is { } extension)
            {
                return Broken($"scriptExtensions: '{extension}' must be a dot and then letters or digits, such as \".lua\"");
            }
            // Kept beside the manifest, not in it: the SDK's ModuleManifest stays as it shipped.
            DeclaredSettings? settings = null;
            if (root.TryGetProperty("settings", out _))
            {
                var names = StringArray(root, "settings");
                if (names.FirstOrDefault(n => !DeclaredSettings.IsValidName(n)) is { } bad)
                {
                    return Broken($"settings: '{bad}' must be a setting name, or names joined by '.' with '*' for any one key, such as \"networks.*.host\"");
                }
                settings = new DeclaredSettings(names);
            }
            if (!File.Exists(Path.Combine(directory, assembly)))
            {
                return new ModuleCandidate(directory, id, manifest, $"its assembly {assembly} is missing from {directory}; rebuild the module", warnings) { Settings = settings };
            }
            return new ModuleCandidate(directory, id, manifest, null, warnings) { Settings = settings };
        }
        catch (JsonException ex)
        {
            return Broken($"line {ex.LineNumber + 1}: {FirstSentence(ex.Message)}");
        }
        catch (ManifestException ex)
        {
            return Broken(ex.Message);
        }
        catch (InvalidOperationException)
        {
            // JsonDocument checks the text of a string only when it is read: bytes that are not UTF-8, or a \u escape of half a character.
            return Broken("it holds text that is not valid UTF-8");
        }
        catch (IOException ex)
        {
            return Broken(ex.Message);
        }

        ModuleCandidate Broken(string why) =>
            new(directory, fallbackId, null, $"{path} is malformed: {why}. Fix the file, then /module load {fallbackId}", warnings);
    }

    private static string RequiredString(JsonElement root, string key) =>
        OptionalString(root, key) is { Length: > 0 } value ? value : throw new ManifestException($"\"{key}\" is required and must be a non-empty string");

    private static string? OptionalString(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ManifestException($"\"{key}\" must be a string");
    }

    private static string[] StringArray(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new ManifestException($"\"{key}\" must be an array of strings");
        }
        return value.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>A module id: a lower-case letter, then lower-case letters, digits, '.' and '-'.</summary>
    private static bool IsValidId(string id) =>
        id.Length > 0 && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');

    private static bool IsFileExtension(string extension) =>
        extension.Length > 1 && extension[0] == '.' && extension.Skip(1).All(char.IsAsciiLetterOrDigit);

    private static bool IsFolderName(string folder) =>
        folder.Length is > 0 and <= 64 && folder.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private sealed class ManifestException(string message) : Exception(message);
}
