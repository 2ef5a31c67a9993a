using System.Text.Json.Nodes;
using System.Text.Json;
using RustIrc.Sdk;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// A small persisted key-value file (a script's settings or storage, the engine's grants and states):
/// JSON, written atomically (a temporary file renamed over the old one), so a crash never leaves half a
/// file. Values are strings, numbers, booleans, and lists and maps of these (<see cref="ScriptValues"/>): a
/// list is stored as a JSON array, a map as a JSON object. A store may be given a size it may not pass
/// on disk (a script's storage: its quota), so that a script cannot fill the disk or the client's memory.
/// </summary>
internal sealed class ScriptStore(string path, long maxBytes = long.MaxValue, string what = "the store", IScriptRuntime? language = null)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private JsonObject? _data;

    public object? Get(string key) => FromJson(Data[key]);

    public void Set(string key, object? value)
    {
        // Converted whole before anything changes: a value that cannot be stored, or would make the store
        // too large, leaves it as it was. One too large by itself is refused before it is serialized, so
        // refusing it costs no buffer of its size.
        if (SmallestSize(value) is var least && least > maxBytes) throw Full(least);
        var node = ToJson(value);
        var previous = Data[key];
        Data[key] = node;
        try
        {
            var text = Data.ToJsonString(Indented);
            var size = System.Text.Encoding.UTF8.GetByteCount(text);
            if (size > maxBytes) throw Full(size);
            AtomicFile.WriteAllText(path, text);
        }
        catch
        {
            if (previous is null) Data.Remove(key);
            else Data[key] = previous;
            throw;
        }
    }

    private ScriptApiException Full(long size) => new(
        $"{what} is full: this value would make it {size / 1048576.0:0.##} MB, over its {maxBytes / 1048576.0:0.##} MB " +
        "(remove what is no longer needed, or ask the user to raise the setting storageMb)");

    /// <summary>The fewest bytes <paramref name="value"/> can take as JSON: its strings' UTF-8 and their quotes.</summary>
    private static long SmallestSize(object? value) => value switch
    {
        string s => System.Text.Encoding.UTF8.GetByteCount(s) + 2,
        ScriptTable table => table.Array.Sum(SmallestSize) + table.Fields.Sum(f => f.Key.Length + SmallestSize(f.Value)),
        _ => 1,
    };

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

    private JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double => throw new ScriptApiException("only finite numbers can be stored, not nan or inf"),
        string s => JsonValue.Create(s),
        ScriptTable { Fields.Count: 0 } list => new JsonArray([.. list.Array.Select(ToJson)]),
        ScriptTable { Array.Count: 0 } table => new JsonObject(table.Fields.Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        ScriptTable => throw new ScriptApiException("a value with both a list part and named fields cannot be stored: store the two apart"),
        _ => throw new ScriptApiException($"only strings, numbers, booleans, and lists and maps of these can be stored, not {(language is null ? value.GetType().Name : ScriptValues.NameOf(value, language))}"),
    };

    public JsonObject Data => _data ??= Load();

    public void Save()
    {
        AtomicFile.WriteAllText(path, Data.ToJsonString(Indented));
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
