namespace RustIrc.Modules.Irc;

/// <summary>Whether a line names a word as a whole word: "ada:" and "hi ada!" name ada, "adamant" does not.</summary>
internal static class Highlighting
{
    public static bool Mentions(string text, string word)
    {
        if (word.Length == 0) return false;
        // Every message of a flood is checked: find the first letter in either case with a vectorized
        // search and compare only there. string.IndexOf(OrdinalIgnoreCase) fell back to a per-character
        // loop on any non-ASCII text and cost about 0.6 µs a message (docs/performance.md, section 15).
        var first = word[0];
        var (lower, upper) = (char.ToLowerInvariant(first), char.ToUpperInvariant(first));
        var rest = text.AsSpan();
        var offset = 0;
        while (true)
        {
            var found = rest[offset..].IndexOfAny(lower, upper);
            if (found < 0) return false;
            var at = offset + found;
            var end = at + word.Length;
            if (end <= text.Length && text.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                && (at == 0 || !IsWordCharacter(text[at - 1])) && (end == text.Length || !IsWordCharacter(text[end])))
            {
                return true;
            }
            offset = at + 1;
        }
    }

    // Nicks may hold these besides letters and digits, so "ada_" is another nick than "ada".
    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '[' or ']' or '\\' or '`' or '^' or '{' or '}' or '|';
}
