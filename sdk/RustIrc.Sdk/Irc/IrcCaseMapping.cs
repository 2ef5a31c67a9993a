namespace RustIrc.Sdk.Irc;

/// <summary>
/// Compares nicknames and channel names the way the server does. Anything keyed by nick or channel
/// (member lists, query windows, ignore lists) should use <see cref="Comparer"/> for the network's mapping,
/// or "Nick[a]" and "nick{a}" become two people on an rfc1459 server.
/// </summary>
public static class IrcCaseMapping
{
    private static readonly StringComparer[] Comparers =
        [new CaseMappingComparer(CaseMapping.Rfc1459), new CaseMappingComparer(CaseMapping.StrictRfc1459), new CaseMappingComparer(CaseMapping.Ascii)];

    /// <summary>
    /// Reads a <c>CASEMAPPING</c> value: <c>ascii</c>, <c>rfc1459</c> or <c>strict-rfc1459</c>, in any case.
    /// Null or anything else gives <see cref="CaseMapping.Rfc1459"/>, the mapping IRC assumes by default.
    /// </summary>
    public static CaseMapping Parse(string? isupportValue) => isupportValue?.Trim().ToLowerInvariant() switch
    {
        "ascii" => CaseMapping.Ascii,
        "strict-rfc1459" => CaseMapping.StrictRfc1459,
        _ => CaseMapping.Rfc1459,
    };

    /// <summary>Lower-cases one character under <paramref name="mapping"/>; characters outside it are returned as they are.</summary>
    public static char Fold(char c, CaseMapping mapping) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + ('a' - 'A')),
        '[' or ']' or '\\' when mapping != CaseMapping.Ascii => (char)(c + ('{' - '[')),
        '~' when mapping == CaseMapping.Rfc1459 => '^',
        _ => c,
    };

    /// <summary>Lower-cases a whole string under <paramref name="mapping"/>; returns the same instance when nothing changes.</summary>
    public static string Fold(string s, CaseMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(s);
        var first = 0;
        while (first < s.Length && Fold(s[first], mapping) == s[first])
        {
            first++;
        }

        if (first == s.Length)
        {
            return s;
        }

        return string.Create(s.Length, (s, mapping), static (chars, state) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Fold(state.s[i], state.mapping);
            }
        });
    }

    /// <summary>Whether two names are the same under <paramref name="mapping"/>. Two nulls are equal; null never equals a string.</summary>
    public static bool Equals(string? a, string? b, CaseMapping mapping) => Comparer(mapping).Equals(a, b);

    /// <summary>
    /// A shared comparer for <paramref name="mapping"/> whose equality and hash codes agree with
    /// <see cref="Fold(string, CaseMapping)"/>; ordering compares folded characters ordinally.
    /// </summary>
    public static StringComparer Comparer(CaseMapping mapping) =>
        (uint)mapping < (uint)Comparers.Length
            ? Comparers[(int)mapping]
            : throw new ArgumentOutOfRangeException(nameof(mapping), mapping, "Unknown case mapping.");
}
