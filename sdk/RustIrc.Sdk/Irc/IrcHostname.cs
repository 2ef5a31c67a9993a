using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Checks server and host names, e.g. before connecting or when a user types a server address. Hosts that a
/// server reports in messages should not be checked: vhosts routinely break these rules.
/// </summary>
public static class IrcHostname
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>
    /// Whether <paramref name="host"/> is an IPv4 address, an IPv6 address (without brackets), or a DNS name
    /// of at least one dot: labels of 1-63 ASCII letters, digits and <c>-</c> that neither start nor end with
    /// <c>-</c>, 253 characters at most, a single trailing dot allowed (<c>services.</c>). A bare word such as
    /// <c>irc</c> is refused, as IRC names always hold a dot.
    /// </summary>
    public static bool IsValid(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Contains(':'))
        {
            return IsIPv6(host);
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length is 0 or > MaxNameLength || !host.Contains('.'))
        {
            return false;
        }

        var allNumeric = true;
        foreach (var range in name.AsSpan().Split('.'))
        {
            var label = name.AsSpan(range);
            if (!IsLabel(label))
            {
                return false;
            }

            allNumeric &= !label.ContainsAnyExceptInRange('0', '9');
        }

        // "1.2.3.400" is a mistyped address, not a name.
        return !allNumeric || IsIPv4(name);
    }

    private static bool IsLabel(ReadOnlySpan<char> label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-' && label[^1] != '-'
        && !label.ContainsAnyExcept(IrcGrammar.LabelChars);

    private static bool IsIPv4(string name)
    {
        var parts = 0;
        foreach (var range in name.AsSpan().Split('.'))
        {
            var part = name.AsSpan(range);
            if (++parts > 4 || part.Length > 3 || part.Length > 1 && part[0] == '0' || int.Parse(part) > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    // IPAddress.TryParse also takes brackets, scope ids and ports; IRC hosts carry none of those.
    private static bool IsIPv6(string host) =>
        !host.AsSpan().ContainsAnyExcept(IPv6Chars)
        && IPAddress.TryParse(host, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static readonly SearchValues<char> IPv6Chars = SearchValues.Create("0123456789ABCDEFabcdef:.");
}
