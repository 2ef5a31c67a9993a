using System.Globalization;
using System.Text;
using System.Text.Json;
using RustIrc.Sdk.Irc;

namespace RustIrc.Samples.Seen;

/// <summary>
/// The file format: <c>{"version":1,"caseMappings":{"libera":"rfc1459"},"sightings":[{…}]}</c>, sightings
/// least recently seen first. Written and read by hand (Utf8JsonWriter, JsonDocument) so no serializer
/// caches this plugin's types in shared code, which would keep it from unloading.
/// </summary>
internal static class SeenJson
{
    public const int Version = 1;

    public static string Write(SeenBook book)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteStartObject("caseMappings");
            foreach (var (network, mapping) in book.Mappings) json.WriteString(network, NameOf(mapping));
            json.WriteEndObject();
            json.WriteStartArray("sightings");
            foreach (var s in book.OldestFirst)
            {
                json.WriteStartObject();
                json.WriteString("network", s.Network);
                json.WriteString("nick", s.Nick);
                json.WriteString("time", s.Time.ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("kind", s.Kind.ToString());
                if (s.Channel is not null) json.WriteString("channel", s.Channel);
                if (s.Text is not null) json.WriteString("text", s.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Fills <paramref name="book"/> from <paramref name="text"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON of this format; the message says what is wrong.</exception>
    public static void Read(string text, SeenBook book)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.GetInt32() != Version)
            {
                throw new InvalidDataException($"it is not a version {Version} seen file");
            }
            var mappings = new Dictionary<string, CaseMapping>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("caseMappings", out var names))
            {
                foreach (var network in names.EnumerateObject()) mappings[network.Name] = IrcCaseMapping.Parse(network.Value.GetString());
            }
            // All read before any is kept: a file broken halfway leaves the book as it was.
            var sightings = root.GetProperty("sightings").EnumerateArray().Select(SightingOf).ToArray();
            foreach (var sighting in sightings) book.Record(sighting, mappings.GetValueOrDefault(sighting.Network, CaseMapping.Rfc1459));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static Sighting SightingOf(JsonElement entry) => new(
        entry.GetProperty("network").GetString() ?? throw new InvalidDataException("a sighting has no network"),
        entry.GetProperty("nick").GetString() ?? throw new InvalidDataException("a sighting has no nick"),
        DateTimeOffset.Parse(entry.GetProperty("time").GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Enum.TryParse<SightingKind>(entry.GetProperty("kind").GetString(), out var kind) && Enum.IsDefined(kind)
            ? kind : throw new InvalidDataException($"unknown kind {entry.GetProperty("kind")}"),
        entry.TryGetProperty("channel", out var channel) ? channel.GetString() : null,
        entry.TryGetProperty("text", out var text) ? text.GetString() : null);

    private static string NameOf(CaseMapping mapping) => mapping switch
    {
        CaseMapping.Ascii => "ascii",
        CaseMapping.StrictRfc1459 => "strict-rfc1459",
        _ => "rfc1459",
    };
}
