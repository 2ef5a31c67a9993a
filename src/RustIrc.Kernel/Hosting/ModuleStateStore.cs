using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// The user's persisted choices about modules, in <c>modules-state.json</c> of the data directory:
/// which are disabled, and what was granted or revoked with <c>/module grant|revoke</c>.
/// </summary>
internal sealed class ModuleStateStore
{
    private readonly string _path;
    private readonly ILogger _logger;

    public ModuleStateStore(string dataDirectory, ILogger logger)
    {
        _path = Path.Combine(dataDirectory, "modules-state.json");
        _logger = logger;
        Load();
    }

    public HashSet<string> Disabled { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, HashSet<string>> Granted { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, HashSet<string>> Revoked { get; } = new(StringComparer.Ordinal);

    public void Save()
    {
        var root = new JsonObject
        {
            ["disabled"] = new JsonArray(Disabled.Order().Select(d => (JsonNode)d).ToArray()),
            ["granted"] = ToJson(Granted),
            ["revoked"] = ToJson(Revoked),
        };
        try
        {
            AtomicFile.WriteAllText(_path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Could not save module states to {Path}: {Message}. Changes last until exit.", _path, ex.Message);
        }
    }

    private void Load()
    {
        if (!File.Exists(_path)) return;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(_path))?.AsObject() ?? throw new JsonException("empty file");
            foreach (var id in root["disabled"]?.AsArray() ?? []) Disabled.Add(id!.GetValue<string>());
            FromJson(root["granted"], Granted);
            FromJson(root["revoked"], Revoked);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            _logger.LogError("{Path} is damaged ({Message}); starting with every module enabled. Delete the file to silence this.", _path, ex.Message);
        }
    }

    private static JsonObject ToJson(Dictionary<string, HashSet<string>> map) =>
        new(map.Where(p => p.Value.Count > 0).OrderBy(p => p.Key).Select(p =>
            KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Order().Select(v => (JsonNode)v).ToArray()))));

    private static void FromJson(JsonNode? node, Dictionary<string, HashSet<string>> map)
    {
        foreach (var (id, values) in node?.AsObject() ?? [])
        {
            map[id] = new HashSet<string>((values?.AsArray() ?? []).Select(v => v!.GetValue<string>()), StringComparer.Ordinal);
        }
    }
}
