// Character classes and token rules shared by the parser, the writer, tag keys and host names.
using System.Buffers;

namespace RustIrc.Sdk.Irc;

internal static class IrcGrammar
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> LetterChars = SearchValues.Create(Letters);

    private static readonly SearchValues<byte> LetterBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(Letters));

    /// <summary>ASCII letters, digits and '-': a DNS label, and the name part of a tag key.</summary>
    public static SearchValues<char> LabelChars { get; } = SearchValues.Create(Letters + "0123456789-");

    /// <summary>What may appear in a tag key's vendor part (a host name).</summary>
    public static SearchValues<char> VendorChars { get; } = SearchValues.Create(Letters + "0123456789-.");

    /// <summary>A verb is ASCII letters only, or exactly three ASCII digits.</summary>
    public static bool IsValidVerb(ReadOnlySpan<byte> verb) =>
        verb.Length == 3 && !verb.ContainsAnyExceptInRange((byte)'0', (byte)'9')
        || !verb.IsEmpty && !verb.ContainsAnyExcept(LetterBytes);

    /// <inheritdoc cref="IsValidVerb(ReadOnlySpan{byte})"/>
    public static bool IsValidVerb(ReadOnlySpan<char> verb) =>
        verb.Length == 3 && !verb.ContainsAnyExceptInRange('0', '9')
        || !verb.IsEmpty && !verb.ContainsAnyExcept(LetterChars);
}
