using System.Text.Json.Nodes;
using System.Text.Json;
using RustIrc.Sdk;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// A small persisted key-value file (a script's settings or storage, the engine's grants and states):
/// JSON, written atomically (a temporary file renamed over the old one), so a crash never leaves half a
/// file. Values are strings, numbers, booleans, and tables of these: a list (keys 1, 2, 3…) is stored as
/// a JSON array, a table of named fields as a JSON object.
/// </summary>
internal sealed class ScriptStore(string path)
{
    private JsonObject? _data;

    public object? Get(string key) => FromJson(Data[key]);

    public void Set(string key, object? value)
    {
        // Converted whole before anything changes: a value that cannot be stored leaves the store as it was.
        Data[key] = ToJson(value);
        Save();
    }

    private static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                return b;
            case JsonValue v when v.TryGetValue<long>(out var l):
                return l;
            case JsonValue v when v.TryGetValue<double>(out var d):
                return d;
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s;
            case JsonArray list:
                var array = new ScriptTable();
                foreach (var item in list) array.Array.Add(FromJson(item));
                return array;
            case JsonObject fields:
                var table = new ScriptTable();
                foreach (var (name, item) in fields) table.Fields[name] = FromJson(item);
                return table;
            default:
                return node.ToJsonString();
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double => throw new ScriptApiException("only finite numbers can be stored, not nan or inf"),
        string s => JsonValue.Create(s),
        ScriptTable { Fields.Count: 0 } list => new JsonArray([.. list.Array.Select(ToJson)]),
        ScriptTable { Array.Count: 0 } table => new JsonObject(table.Fields.Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        ScriptTable => throw new ScriptApiException("a table with both a list (keys 1, 2, …) and named fields cannot be stored: store the two apart"),
        _ => throw new ScriptApiException($"only strings, numbers, booleans and tables of these can be stored, not {ScriptTable.TypeName(value)}"),
    };

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
