using System.Text;

namespace RustIrc.Tests.Shared;

/// <summary>
/// A flood of channel messages like the flood harness's (shared/bench): a few hundred senders with full
/// <c>nick!~ident@host</c> sources, texts of 40 to 90 characters, no tags. The same every time.
/// </summary>
internal static class PrivmsgFlood
{
    private static readonly string[] Words = ["the", "build", "is", "green", "again", "anyone", "seen", "this", "patch", "lunch", "ok", "thanks", "merged", "later", "irc"];

    /// <summary>The senders' <c>JOIN</c> lines, so they are members of <paramref name="channel"/> as in a real flood.</summary>
    public static byte[] Joins(int senders, string channel) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, senders).Select(i => $":{Source(i)} JOIN {channel}\r\n")));

    /// <summary><paramref name="count"/> PRIVMSG lines to <paramref name="channel"/> from <paramref name="senders"/> people, then <paramref name="last"/>.</summary>
    public static byte[] Lines(int count, int senders, string channel, string last)
    {
        var random = new Random(count);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(':').Append(Source(random.Next(senders))).Append(" PRIVMSG ").Append(channel).Append(" :");
            var length = random.Next(40, 90);
            var start = text.Length;
            while (text.Length - start < length) text.Append(Words[random.Next(Words.Length)]).Append(' ');
            text.Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.Append(last).Append("\r\n").ToString());
    }

    private static string Source(int sender) => $"nick{sender}!~ident{sender}@user-{sender * 7919 % 65536:x6}.bench.example";
}
