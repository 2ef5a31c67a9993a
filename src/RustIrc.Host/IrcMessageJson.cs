// The JSON shape of `rustirc irc parse` and `rustirc irc format`: {"tags":{…},"source":…,"verb":…,"params":[…]}.
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RustIrc.Sdk.Irc;

namespace RustIrc.Host;

internal static class IrcMessageJson
{
    /// <summary>Compact output; property names (tag keys) keep non-ASCII letters as they are.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly string[] KnownProperties = ["tags", "source", "verb", "params"];

    /// <summary>Writes the message as one object with its keys in the order tags, source, verb, params.</summary>
    public static void Write(Utf8JsonWriter writer, IrcMessage message)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("tags");
        foreach (var (key, value) in message.Tags)
        {
            writer.WritePropertyName(key);
            WriteText(writer, value);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("source");
        if (message.Source is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteText(writer, message.Source);
        }

        writer.WritePropertyName("verb");
        WriteText(writer, message.Verb);
        writer.WriteStartArray("params");
        foreach (var parameter in message.Parameters)
        {
            WriteText(writer, parameter);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"error":…,"line":…}</c> for a line the codec refused.</summary>
    public static void WriteError(Utf8JsonWriter writer, string error, string line)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error");
        WriteText(writer, error);
        writer.WritePropertyName("line");
        WriteText(writer, line);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Builds a message from an object in the shape <see cref="Write"/> produces. Only "verb" is required;
    /// a null or missing "tags", "source" or "params" means none. A tag whose value is null or "" has no value.
    /// </summary>
    /// <remarks>Unknown keys are refused rather than ignored, so that a typo such as "param" is not silently
    /// turned into a message without parameters.</remarks>
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out IrcMessage? message, [NotNullWhen(false)] out string? problem)
    {
        message = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problem = "Expected a JSON object such as {\"verb\":\"PRIVMSG\",\"params\":[\"#chan\",\"hello\"]}.";
            return false;
        }

        foreach (var property in json.EnumerateObject())
        {
            if (Array.IndexOf(KnownProperties, property.Name) < 0)
            {
                problem = $"Unknown key \"{property.Name}\"; the keys are tags, source, verb and params.";
                return false;
            }
        }

        if (!json.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String)
        {
            problem = "\"verb\" is missing or not a string; give the command, e.g. \"verb\":\"PRIVMSG\".";
            return false;
        }

        var parameters = new List<string>();
        if (json.TryGetProperty("params", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                problem = "\"params\" must be an array of strings.";
                return false;
            }

            foreach (var parameter in list.EnumerateArray())
            {
                if (parameter.ValueKind != JsonValueKind.String)
                {
                    problem = $"\"params\"[{parameters.Count}] must be a string.";
                    return false;
                }

                parameters.Add(parameter.GetString()!);
            }
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.TryGetProperty("tags", out var tagObject) && tagObject.ValueKind != JsonValueKind.Null)
        {
            if (tagObject.ValueKind != JsonValueKind.Object)
            {
                problem = "\"tags\" must be an object of strings, e.g. {\"msgid\":\"abc\"}.";
                return false;
            }

            foreach (var tag in tagObject.EnumerateObject())
            {
                if (tag.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    problem = $"The value of tag \"{tag.Name}\" must be a string (\"\" or null for a tag without value).";
                    return false;
                }

                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }

        string? source = null;
        if (json.TryGetProperty("source", out var sourceValue) && sourceValue.ValueKind != JsonValueKind.Null)
        {
            if (sourceValue.ValueKind != JsonValueKind.String)
            {
                problem = "\"source\" must be a string such as \"nick!user@host\", or null.";
                return false;
            }

            source = sourceValue.GetString();
        }

        message = new IrcMessage(verb.GetString()!, parameters) { Tags = tags, Source = source };
        problem = null;
        return true;
    }

    // Utf8JsonWriter's encoders escape every character outside the Basic Multilingual Plane, so an emoji
    // would come out as \uD83D\uDE00. IRC text is full of them, so string values are escaped here with
    // only what JSON requires (quote, backslash, control characters) and written raw.
    private static void WriteText(Utf8JsonWriter writer, string value)
    {
        // At most 6 bytes per UTF-16 unit (\u001F), plus the quotes.
        var rented = ArrayPool<byte>.Shared.Rent(value.Length * 6 + 2);
        var output = rented.AsSpan();
        var length = 0;
        output[length++] = (byte)'"';
        var plainFrom = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            length += Encoding.UTF8.GetBytes(value.AsSpan(plainFrom, i - plainFrom), output[length..]);
            length += Escape(c, output[length..]);
            plainFrom = i + 1;
        }

        length += Encoding.UTF8.GetBytes(value.AsSpan(plainFrom), output[length..]);
        output[length++] = (byte)'"';
        writer.WriteRawValue(output[..length], skipInputValidation: true);
        ArrayPool<byte>.Shared.Return(rented);
    }

    private static int Escape(char c, Span<byte> output)
    {
        output[0] = (byte)'\\';
        var shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            output[1] = shortForm;
            return 2;
        }

        "u00"u8.CopyTo(output[1..]);
        output[4] = (byte)"0123456789abcdef"[c >> 4];
        output[5] = (byte)"0123456789abcdef"[c & 0xF];
        return 6;
    }
}
