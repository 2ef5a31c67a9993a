// Builds expected messages compactly for the codec tests.
using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

internal static class IrcTestMessages
{
    public static IrcMessage Message(string verb, string? source = null, string[]? parameters = null, params (string Key, string Value)[] tags)
    {
        var map = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            map[key] = value;
        }

        return new IrcMessage(verb, parameters ?? []) { Source = source, Tags = map };
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
