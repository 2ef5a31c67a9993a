namespace RustIrc.Modules.Irc;

/// <summary>Whether a line names a word as a whole word: "ada:" and "hi ada!" name ada, "adamant" does not.</summary>
internal static class Highlighting
{
    public static bool Mentions(string text, string word)
    {
        if (word.Length == 0) return false;
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsWordCharacter(text[at - 1])) && (end == text.Length || !IsWordCharacter(text[end]))) return true;
        }
        return false;
    }

    // Nicks may hold these besides letters and digits, so "ada_" is another nick than "ada".
    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '[' or ']' or '\\' or '`' or '^' or '{' or '}' or '|';
}
