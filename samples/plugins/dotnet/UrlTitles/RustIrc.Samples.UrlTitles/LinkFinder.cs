namespace RustIrc.Samples.UrlTitles;

/// <summary>The http and https links in a line of chat, in order, each once, without the punctuation around them.</summary>
internal static class LinkFinder
{
    private const string TrailingPunctuation = ".,;:!?'\"*";

    public static IReadOnlyList<Uri> Find(string text, int max, IReadOnlyList<string> ignoredHosts)
    {
        var links = new List<Uri>();
        var at = 0;
        while (links.Count < max && NextStart(text, at) is var start and >= 0)
        {
            var end = start;
            while (end < text.Length && !EndsLink(text[end])) end++;
            at = end;
            var candidate = Trim(text[start..end]);
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                && !links.Contains(uri) && !IsIgnored(uri.Host, ignoredHosts))
            {
                links.Add(uri);
            }
        }
        return links;
    }

    /// <summary>Whether <paramref name="host"/> is one of <paramref name="ignored"/> or a subdomain of one.</summary>
    public static bool IsIgnored(string host, IReadOnlyList<string> ignored) => ignored.Any(name =>
        host.Equals(name, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + name, StringComparison.OrdinalIgnoreCase));

    private static int NextStart(string text, int from)
    {
        var http = text.IndexOf("http://", from, StringComparison.OrdinalIgnoreCase);
        var https = text.IndexOf("https://", from, StringComparison.OrdinalIgnoreCase);
        return http < 0 ? https : https < 0 ? http : Math.Min(http, https);
    }

    // IRC formatting codes are control characters, so a bold or coloured link ends where its formatting does.
    private static bool EndsLink(char c) => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"';

    /// <summary>Drops sentence punctuation after a link, and a closing bracket it did not open: "(see http://a.example/x)".</summary>
    private static string Trim(string link)
    {
        while (link.Length > 0)
        {
            var last = link[^1];
            if (TrailingPunctuation.Contains(last)
                || (last == ')' && link.Count(c => c == '(') < link.Count(c => c == ')'))
                || (last == ']' && link.Count(c => c == '[') < link.Count(c => c == ']')))
            {
                link = link[..^1];
            }
            else
            {
                break;
            }
        }
        return link;
    }
}
