using System.Globalization;
using RustIrc.Modules.Irc.Protocol;

namespace RustIrc.Modules.Irc;

/// <summary>
/// The WHOIS replies as labelled lines (<c>bob is b@host (Bob Smith)</c>, <c>bob has been idle 3 min 4 s,
/// signed on 2026-12-05 14:03</c>) instead of the numerics' raw parameters.
/// </summary>
internal static class WhoisLines
{
    /// <summary>The line for WHOIS numeric <paramref name="code"/> (parameters from our nick on), or null when it is not one or is malformed.</summary>
    public static string? Format(int code, IReadOnlyList<string> p) => code switch
    {
        311 when p.Count >= 6 => $"{p[1]} is {p[2]}@{p[3]} ({p[5]})",                     // RPL_WHOISUSER nick user host * :real name
        312 when p.Count >= 4 => $"{p[1]} is connected to {p[2]} ({p[3]})",                // RPL_WHOISSERVER nick server :info
        313 when p.Count >= 3 => $"{p[1]} is an IRC operator",                           // RPL_WHOISOPERATOR
        317 when p.Count >= 4 && long.TryParse(p[2], out var idle) => Idle(p[1], idle, p[3]), // RPL_WHOISIDLE nick idle signon :…
        318 when p.Count >= 2 => $"end of /whois {p[1]}",                                // RPL_ENDOFWHOIS
        319 when p.Count >= 3 => $"{p[1]} is on {p[2].Trim()}",                          // RPL_WHOISCHANNELS nick :@#a +#b
        330 when p.Count >= 3 => $"{p[1]} is logged in as {p[2]}",                       // RPL_WHOISACCOUNT nick account :is logged in as
        301 when p.Count >= 3 => $"{p[1]} is away: {p[2]}",                              // RPL_AWAY nick :message
        671 when p.Count >= 2 => $"{p[1]} is using a secure connection",                 // RPL_WHOISSECURE
        338 when p.Count >= 4 => $"{p[1]} is actually {string.Join(' ', p.Skip(2).SkipLast(1))}", // RPL_WHOISACTUALLY nick [user@host] ip :…
        378 when p.Count >= 3 => $"{p[1]} {p[2]}",                                       // RPL_WHOISHOST nick :is connecting from …
        _ => null,
    };

    /// <summary>The longest idle time shown as it is (about 29,000 years); a server may send any number.</summary>
    private static readonly long MaxSeconds = (long)TimeSpan.MaxValue.TotalSeconds;

    /// <summary><c>9 s</c>, <c>3 min 4 s</c>, <c>2 h 5 min</c>, <c>3 d 4 h</c>: the two largest units.</summary>
    public static string Duration(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxSeconds));
        if (span.TotalMinutes < 1) return $"{span.Seconds} s";
        if (span.TotalHours < 1) return span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s";
        if (span.TotalDays < 1) return span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
        return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    private static string Idle(string nick, long idle, string signon)
    {
        var line = $"{nick} has been idle {Duration(idle)}";
        // The signon time is optional (RFC 1459 had none): the third parameter is then the text.
        return UnixTime.TryParse(signon, out var at)
            ? $"{line}, signed on {at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            : line;
    }
}
