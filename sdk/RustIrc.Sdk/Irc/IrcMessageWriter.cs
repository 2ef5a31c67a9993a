// Turns an IrcMessage back into a line, refusing anything the parser would read differently.
using System.Buffers;
using System.Text;

namespace RustIrc.Sdk.Irc;

internal static class IrcMessageWriter
{
    private static readonly SearchValues<char> Framing = SearchValues.Create("\0\r\n");

    public static string Write(IrcMessage message)
    {
        var line = new StringBuilder(64);
        if (message.Tags.Count > 0)
        {
            WriteTags(line, message.Tags);
        }

        if (message.Source is { } source)
        {
            RejectFraming(source, "The source");
            if (source.Contains(' '))
            {
                throw new IrcFormatException(IrcParseError.InvalidSource, $"The source '{source}' contains a space; a source is one word such as nick!user@host.");
            }

            line.Append(':').Append(source).Append(' ');
        }

        if (!IrcGrammar.IsValidVerb(message.Verb))
        {
            throw new IrcFormatException(IrcParseError.InvalidVerb, $"'{message.Verb}' is not an IRC command: use letters (like PRIVMSG) or a three-digit numeric (like 001).");
        }

        line.Append(message.Verb);
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            RejectFraming(parameter, $"Parameter {i + 1}");
            var needsColon = parameter.Length == 0 || parameter[0] == ':' || parameter.Contains(' ');
            if (needsColon && i < parameters.Count - 1)
            {
                throw new IrcFormatException(
                    IrcParseError.InvalidParameter,
                    $"Parameter {i + 1} of {parameters.Count} ('{parameter}') is empty, contains a space or starts with ':'; only the last parameter may.");
            }

            line.Append(' ');
            if (needsColon)
            {
                line.Append(':');
            }

            line.Append(parameter);
        }

        return line.ToString();
    }

    private static void WriteTags(StringBuilder line, IReadOnlyDictionary<string, string> tags)
    {
        line.Append('@');
        var first = true;
        foreach (var (key, value) in tags)
        {
            if (!IrcTags.IsValidKey(key))
            {
                throw new IrcFormatException(IrcParseError.InvalidTagKey, $"'{key}' is not a valid tag key: {IrcFormatException.Describe(IrcParseError.InvalidTagKey)}");
            }

            if (value.Contains('\0'))
            {
                throw new IrcFormatException(IrcParseError.IllegalCharacter, $"The value of tag '{key}' contains a NUL character, which IRC cannot carry.");
            }

            if (!first)
            {
                line.Append(';');
            }

            first = false;
            line.Append(key);
            if (value.Length > 0)
            {
                line.Append('=').Append(IrcTags.Escape(value));
            }
        }

        line.Append(' ');
    }

    private static void RejectFraming(string text, string what)
    {
        if (text.AsSpan().ContainsAny(Framing))
        {
            throw new IrcFormatException(IrcParseError.IllegalCharacter, $"{what} contains a NUL, CR or LF character, which IRC does not allow inside a message; remove line breaks or send several messages.");
        }
    }
}
