namespace RustIrc.Sdk;

/// <summary>
/// How far apart two names are, for "did you mean …?" in messages about unknown commands and mistyped
/// settings: the number of single-character insertions, deletions, substitutions and swaps of two
/// neighbouring characters (the commonest typo: <c>/jion</c>), ignoring case.
/// </summary>
public static class EditDistance
{
    /// <summary>How many single-character edits (a swap of two neighbours counting as one) turn <paramref name="a"/> into <paramref name="b"/>, ignoring case.</summary>
    public static int Between(string a, string b)
    {
        // Three rows of the table: the one before the previous is what a swap of a[i-2..i-1] continues from.
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var x = char.ToLowerInvariant(a[i - 1]);
            for (var j = 1; j <= b.Length; j++)
            {
                var y = char.ToLowerInvariant(b[j - 1]);
                var best = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (x == y ? 0 : 1));
                if (i > 1 && j > 1 && x == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == y)
                {
                    best = Math.Min(best, beforePrevious[j - 2] + 1);
                }
                current[j] = best;
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
