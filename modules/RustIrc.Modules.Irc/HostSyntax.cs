using System.Net;
using System.Net.Sockets;

namespace RustIrc.Modules.Irc;

/// <summary>
/// Whether a connection target can name a host: an IPv4 or IPv6 address, or a name of letters, digits,
/// <c>-</c> and <c>_</c> in dot-separated labels. Unlike <c>IrcHostname.IsValid</c> (server names on IRC,
/// which always hold a dot) a single label is fine: <c>localhost</c>, a LAN box, a container, <c>znc</c>.
/// </summary>
internal static class HostSyntax
{
    private const int MaxNameLength = 253;

    public static bool IsValid(string host)
    {
        if (host.Contains(':')) return IPAddress.TryParse(host, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length is 0 or > MaxNameLength) return false;
        var allNumeric = true;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')) return false;
            }
            allNumeric &= label.All(char.IsAsciiDigit);
        }
        // "1.2.3.400" is a mistyped address, not a name.
        return !allNumeric || IPAddress.TryParse(name, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && name.Count(c => c == '.') == 3;
    }
}
