namespace RustIrc.Sdk.Irc;

/// <summary>
/// Matches IRC wildcard masks such as ban masks (<c>*!*@*.example.com</c>) against <c>nick!user@host</c>.
/// </summary>
public static class IrcMask
{
    /// <summary>
    /// Whether <paramref name="hostmask"/> matches <paramref name="mask"/>, where <c>*</c> stands for any run of
    /// characters (none included) and <c>?</c> for exactly one. Letters compare under
    /// <paramref name="mapping"/>; every other character, brackets included, is literal. Does not allocate.
    /// </summary>
    public static bool Matches(string mask, string hostmask, CaseMapping mapping = CaseMapping.Rfc1459)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(hostmask);

        // Greedy scan that remembers the last '*': on a mismatch, let that star swallow one more character
        // and retry. Earlier stars never need revisiting, so the cost stays at mask length times text length.
        int m = 0, h = 0, star = -1, starText = 0;
        while (h < hostmask.Length)
        {
            if (m < mask.Length && mask[m] == '*')
            {
                star = m++;
                starText = h;
            }
            else if (m < mask.Length
                && (mask[m] == '?' || IrcCaseMapping.Fold(mask[m], mapping) == IrcCaseMapping.Fold(hostmask[h], mapping)))
            {
                m++;
                h++;
            }
            else if (star >= 0)
            {
                m = star + 1;
                h = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (m < mask.Length && mask[m] == '*')
        {
            m++;
        }

        return m == mask.Length;
    }
}
