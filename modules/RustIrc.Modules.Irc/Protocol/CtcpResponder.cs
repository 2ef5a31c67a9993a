using System.Globalization;
using RustIrc.Modules.Irc.Connection;

namespace RustIrc.Modules.Irc.Protocol;

/// <summary>
/// Answers CTCP VERSION, PING, TIME and CLIENTINFO, at most a few per ten seconds per network so a
/// CTCP flood cannot make us flood the server (and get us killed for it).
/// </summary>
internal sealed class CtcpResponder
{
    private readonly TokenBucket _budget = new(burst: 3, rate: 0.3);

    /// <summary>The reply text, or null when the request is unknown, turned off, or over the rate limit.</summary>
    public string? Reply(string command, string arguments, IrcSettings settings)
    {
        var reply = command switch
        {
            "VERSION" when settings.CtcpVersion.Length > 0 => settings.CtcpVersion,
            "PING" => arguments,
            "TIME" => DateTimeOffset.Now.ToString("ddd MMM dd HH:mm:ss yyyy zzz", CultureInfo.InvariantCulture),
            "CLIENTINFO" => "ACTION CLIENTINFO PING TIME VERSION",
            _ => null,
        };
        if (reply is null) return null;
        return _budget.TryTake() == TimeSpan.Zero ? reply : null;
    }
}
