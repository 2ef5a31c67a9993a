using System.Text;
using System.Text.Json;
using RustIrc.Sdk.Events;

namespace RustIrc.Sdk.Ui;

/// <summary>
/// The JSON-lines format of <c>--json</c> output, part of the contract bots rely on: every line is one
/// object with a <c>type</c>: <c>"line"</c> for printed text (<c>buffer</c>, <c>kind</c>, <c>text</c>,
/// <c>time</c>) and <c>"event"</c> for events (<c>event</c> plus the event's properties in camelCase).
/// </summary>
public static class TerminalJson
{
    /// <summary>A printed line as JSON.</summary>
    public static string Line(string buffer, LineKind kind, string text, DateTimeOffset time)
    {
        var buffer8 = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "line");
            writer.WriteString("buffer", buffer);
            writer.WriteString("kind", kind.ToString().ToLowerInvariant());
            writer.WriteString("text", text);
            writer.WriteString("time", time);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer8.GetBuffer(), 0, (int)buffer8.Length);
    }

    /// <summary>
    /// An event as JSON: its public properties by reflection over the SDK's event types (no serializer
    /// caches, so nothing here pins a module's load context).
    /// </summary>
    public static string Event(RustIrcEvent e)
    {
        var buffer8 = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "event");
            var name = e.GetType().Name;
            writer.WriteString("event", name.EndsWith("Event", StringComparison.Ordinal) ? name[..^5] : name);
            foreach (var property in e.GetType().GetProperties())
            {
                if (property.Name is "EqualityContract" or nameof(RustIrcEvent.WithoutCredentials)) continue;
                writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
                WriteValue(writer, property.GetValue(e));
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer8.GetBuffer(), 0, (int)buffer8.Length);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case DateTimeOffset t: writer.WriteStringValue(t); break;
            case Enum en: writer.WriteStringValue(en.ToString().ToLowerInvariant()); break;
            case IReadOnlyDictionary<string, string> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map) writer.WriteString(k, v);
                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
