using System.Text.Json;
using System.Text.Json.Nodes;
using RustIrc.Sdk;

namespace RustIrc.Modules.Scripting;

/// <summary>What is kept about one script file: its name when last seen, the user's grants and revocations, and whether it is disabled.</summary>
internal sealed class ScriptFileState
{
    public string Name { get; set; } = "";

    public List<string> Permissions { get; set; } = [];

    public List<string> Revoked { get; set; } = [];

    public bool Disabled { get; set; }
}

/// <summary>
/// The engine's <c>scripts.json</c>: <c>{ "files": { PATH: {…} } }</c>, written atomically. A damaged
/// file is kept aside as <c>.broken</c> and the engine starts from the defaults; a damaged entry is
/// dropped and named. Entries an older client kept per name (<c>{ NAME: {…} }</c>) are read into
/// <see cref="ByName"/> for the caller to move to their files.
/// </summary>
internal sealed class ScriptStateFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
    private readonly string _path;

    private ScriptStateFile(string path) => _path = path;

    /// <summary>Per file, by the file's key (<see cref="ScriptGrants.KeyOf"/>).</summary>
    public Dictionary<string, ScriptFileState> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>What an older client kept per script name; emptied by whoever moves it.</summary>
    public Dictionary<string, ScriptFileState> ByName { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="path"/>; <paramref name="problem"/> hears of anything that had to be put aside.</summary>
    public static ScriptStateFile Load(string path, Action<string> problem)
    {
        var state = new ScriptStateFile(path);
        if (!File.Exists(path)) return state;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException ex)
        {
            File.Move(path, path + ".broken", overwrite: true);
            problem($"{path} was damaged ({ex.Message}) and was moved to {path}.broken; scripts start with the default permissions");
            return state;
        }
        foreach (var (key, node) in root ?? [])
        {
            if (key == "files" && node is JsonObject files)
            {
                foreach (var (file, entry) in files) Read(file, entry, state.Files, problem);
            }
            else if (node is JsonObject)
            {
                Read(key, node, state.ByName, problem);
            }
        }
        return state;
    }

    private static void Read(string key, JsonNode? node, Dictionary<string, ScriptFileState> into, Action<string> problem)
    {
        try
        {
            if (node is not JsonObject entry) throw new JsonException("not an object");
            into[key] = new ScriptFileState
            {
                Name = entry["name"]?.GetValue<string>() ?? "",
                Permissions = Strings(entry["permissions"]),
                Revoked = Strings(entry["revoked"]),
                Disabled = entry["disabled"]?.GetValue<bool>() ?? false,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            problem($"scripts.json: the entry for {key} is not understood and was dropped ({ex.Message})");
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        node is null ? [] : node is JsonArray list ? [.. list.Select(item => item?.GetValue<string>() ?? throw new FormatException("a list holds null"))] : throw new FormatException("not a list");

    // Written and read by hand, not by the reflection serializer: its process-wide metadata cache would keep
    // this module's types, and with them the engine module's load context, alive after it unloads.
    public void Save()
    {
        var files = new JsonObject();
        foreach (var (key, entry) in Files)
        {
            files[key] = new JsonObject
            {
                ["name"] = entry.Name,
                ["permissions"] = new JsonArray([.. entry.Permissions.Select(p => (JsonNode?)JsonValue.Create(p))]),
                ["revoked"] = new JsonArray([.. entry.Revoked.Select(p => (JsonNode?)JsonValue.Create(p))]),
                ["disabled"] = entry.Disabled,
            };
        }
        AtomicFile.WriteAllText(_path, new JsonObject { ["files"] = files }.ToJsonString(Options));
    }
}
