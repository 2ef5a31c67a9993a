using System.Text.Json.Nodes;
using System.Text.Json;
using RustIrc.Sdk;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// A small persisted key-value file (a script's settings or storage, the engine's grants and states):
/// JSON, written atomically (a temporary file renamed over the old one), so a crash never leaves half a
/// file. Values are strings, numbers and booleans.
/// </summary>
internal sealed class ScriptStore(string path)
{
    private JsonObject? _data;

    public object? Get(string key) => Data[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    public void Set(string key, object? value)
    {
        Data[key] = value switch
        {
            null => null,
            bool b => JsonValue.Create(b),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            string s => JsonValue.Create(s),
            _ => throw new ScriptApiException($"only strings, numbers and booleans can be stored, not {ScriptTable.TypeName(value)}"),
        };
        Save();
    }

    public JsonObject Data => _data ??= Load();

    public void Save()
    {
        AtomicFile.WriteAllText(path, Data.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private JsonObject Load()
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // A damaged file is kept aside, not lost, and the script starts from nothing.
            File.Move(path, path + ".broken", overwrite: true);
            return [];
        }
    }
}
