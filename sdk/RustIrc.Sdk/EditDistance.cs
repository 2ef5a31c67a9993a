namespace RustIrc.Sdk;

/// <summary>
/// How far apart two names are, for "did you mean …?" in messages about unknown commands and mistyped
/// settings: the number of single-character insertions, deletions and substitutions, ignoring case.
/// </summary>
public static class EditDistance
{
    /// <summary>How many single-character edits turn <paramref name="a"/> into <paramref name="b"/>, ignoring case.</summary>
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
