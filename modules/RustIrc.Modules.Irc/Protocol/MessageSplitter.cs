using System.Text;

namespace RustIrc.Modules.Irc.Protocol;

/// <summary>
/// Cuts message text into pieces that fit one IRC line once the server has put its prefix in front
/// (<c>:nick!user@host PRIVMSG #target :</c>): at the last space that fits when there is one, else at a
/// character boundary, never inside a UTF-8 sequence or a surrogate pair.
/// </summary>
internal static class MessageSplitter
{
    /// <summary>Bytes of user@host assumed when we have not seen our own yet (ident 10 + '@' + host 63).</summary>
    public const int UnknownUserHostBytes = 74;

    /// <summary>How many bytes of text fit in one line.</summary>
    /// <param name="prefixBytes">Length of <c>nick!user@host</c> as the server will show it.</param>
    /// <param name="verb">PRIVMSG or NOTICE.</param>
    /// <param name="target">The target.</param>
    /// <param name="extraBytes">Framing around the text (9 for a CTCP ACTION).</param>
    public static int TextBudget(int prefixBytes, string verb, string target, int extraBytes = 0) =>
        // ':' prefix ' ' verb ' ' target ' :' text CR LF, within 512 bytes
        512 - 2 - (1 + prefixBytes + 1) - Encoding.UTF8.GetByteCount(verb) - 1 - Encoding.UTF8.GetByteCount(target) - 2 - extraBytes;

    /// <summary>Splits <paramref name="text"/> into pieces of at most <paramref name="budget"/> UTF-8 bytes.</summary>
    public static List<string> Split(string text, int budget)
    {
        budget = Math.Max(budget, 16);
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var bytes = 0;
            var end = start;
            var lastSpace = -1;
            while (end < text.Length)
            {
                var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
                var size = width == 2 ? 4 : text[end] < 0x80 ? 1 : text[end] < 0x800 ? 2 : 3;
                if (text[end] == ' ') lastSpace = end; // a space right after a full piece is still where to cut
                if (bytes + size > budget) break;
                bytes += size;
                end += width;
            }
            if (end >= text.Length)
            {
                pieces.Add(text[start..]);
                break;
            }
            if (lastSpace > start)
            {
                pieces.Add(text[start..lastSpace]);
                start = lastSpace + 1; // the space at the cut is consumed
            }
            else
            {
                pieces.Add(text[start..end]);
                start = end;
            }
        }
        if (pieces.Count == 0) pieces.Add("");
        return pieces;
    }
}
