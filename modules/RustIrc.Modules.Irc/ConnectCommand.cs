using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>
/// Turns <c>/connect</c> arguments and <c>irc://</c> / <c>ircs://</c> URLs into network options:
/// <c>[--tls] [--insecure] [--fingerprint HEX] [--name NAME] [--nick NICK] [--password PASS]
/// [--sasl USER:PASS | --sasl-external --cert FILE] [NAME=]host[:port] | [NAME=]irc[s]://host[:port][/#chan,#chan]</c>.
/// </summary>
internal static class ConnectCommand
{
    public const string Usage = "/connect [--tls] [--insecure] [--fingerprint SHA256] [--name NAME] [--nick NICK] [--password PASS] [--sasl USER:PASS] [--sasl-external --cert FILE] [NAME=]host[:port] | [NAME=]irc[s]://host[:port]/#chan";

    public static bool TryParse(IReadOnlyList<string> arguments, IrcSettings settings, out IrcNetworkOptions options, out string error)
    {
        options = null!;
        var problem = "";
        string? server = null, name = null, nick = null, fingerprint = null, sasl = null, certificate = null, password = null;
        bool tls = false, insecure = false, external = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? Value()
            {
                if (i + 1 < arguments.Count) return arguments[++i];
                problem = $"{argument} needs a value. Usage: {Usage}";
                return null;
            }
            switch (argument)
            {
                case "--tls" or "--ssl": tls = true; break;
                case "--insecure": insecure = true; break;
                case "--sasl-external": external = true; break;
                case "--fingerprint": fingerprint = Value(); break;
                case "--name": name = Value(); break;
                case "--nick": nick = Value(); break;
                case "--sasl": sasl = Value(); break;
                case "--cert": certificate = Value(); break;
                case "--password": password = Value(); break;
                default:
                    if (argument.StartsWith("--", StringComparison.Ordinal))
                    {
                        error = $"unknown option {argument}. Usage: {Usage}";
                        return false;
                    }
                    if (server is not null)
                    {
                        error = $"one server at a time (got {server} and {argument}). Usage: {Usage}";
                        return false;
                    }
                    server = argument;
                    break;
            }
            if (problem.Length > 0)
            {
                error = problem;
                return false;
            }
        }
        error = "";
        if (server is null)
        {
            error = $"which server? Usage: {Usage}";
            return false;
        }
        if (!TryParseServer(server, settings, out options, out error)) return false;
        if (sasl is not null && sasl.IndexOf(':') is var colon && colon <= 0)
        {
            error = "--sasl takes USER:PASSWORD";
            return false;
        }
        options = options with
        {
            Name = name ?? options.Name,
            Nick = nick ?? options.Nick,
            Tls = options.Tls || tls,
            AcceptInvalidCertificate = insecure,
            CertificateFingerprint = fingerprint,
            ClientCertificate = certificate,
            Password = password,
            SaslMechanism = external ? "EXTERNAL" : sasl is null ? null : "PLAIN",
            SaslUser = sasl?[..sasl.IndexOf(':')],
            SaslPassword = sasl?[(sasl.IndexOf(':') + 1)..],
        };
        return true;
    }

    /// <summary>Parses <c>irc://host:port/#chan</c>, <c>ircs://…</c> or <c>host[:port]</c>, each optionally named by a leading <c>NAME=</c>.</summary>
    public static bool TryParseUrl(string url, IrcSettings settings, out IrcNetworkOptions options, out string error) =>
        TryParseServer(url, settings, out options, out error);

    private static bool TryParseServer(string text, IrcSettings settings, out IrcNetworkOptions options, out string error)
    {
        options = null!;
        error = "";
        var tls = false;
        var channels = new List<string>();
        string? name = null;
        // NAME=address names the network (a host never holds '='), e.g. --connect home=irc://127.0.0.1:6668.
        if (text.IndexOf('=') is var equals and > 0 && text.AsSpan(0, equals).IndexOfAny(":/") < 0)
        {
            name = text[..equals];
            text = text[(equals + 1)..];
        }
        var rest = text;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var scheme = text[..schemeEnd].ToLowerInvariant();
            if (scheme is not ("irc" or "ircs"))
            {
                error = $"'{text}' is not an irc:// or ircs:// address (e.g. ircs://irc.libera.chat:6697/#rustirc)";
                return false;
            }
            tls = scheme == "ircs";
            // irc://host[:port][/#chan,#chan]: the channels may be written with or without their '#', or escaped (%23).
            var remainder = text[(schemeEnd + 3)..];
            var slash = remainder.IndexOf('/');
            rest = slash < 0 ? remainder : remainder[..slash];
            var path = slash < 0 ? "" : Uri.UnescapeDataString(remainder[(slash + 1)..]);
            foreach (var channel in path.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                channels.Add(channel.StartsWith('#') || channel.StartsWith('&') ? channel : "#" + channel);
            }
            if (rest.Length == 0)
            {
                error = $"'{text}' names no server (e.g. irc://irc.libera.chat/#rustirc)";
                return false;
            }
        }
        var host = rest;
        var port = 0;
        string? portText = null;
        if (rest.StartsWith('[') && rest.IndexOf(']') is var close and > 0) // [IPv6]:port
        {
            host = rest[1..close];
            if (rest.Length > close + 1 && rest[close + 1] == ':') portText = rest[(close + 2)..];
        }
        else if (rest.LastIndexOf(':') is var lastColon and > 0 && rest.IndexOf(':') == lastColon) // host:port (a bare IPv6 literal has several colons)
        {
            host = rest[..lastColon];
            portText = rest[(lastColon + 1)..];
        }
        if (portText is not null)
        {
            if (portText.StartsWith('+')) // the +6697 convention means TLS
            {
                tls = true;
                portText = portText[1..];
            }
            if (!int.TryParse(portText, System.Globalization.NumberStyles.None, null, out port) || port is < 1 or > 65535)
            {
                error = $"'{portText}' is not a port number (1-65535)";
                return false;
            }
        }
        if (host.Length == 0)
        {
            error = $"'{text}' names no server (e.g. irc.libera.chat, localhost or irc://127.0.0.1:6667/#chan)";
            return false;
        }
        if (!HostSyntax.IsValid(host))
        {
            error = $"'{host}' is not a valid host name (letters, digits, '-' and '.', or an IP address)";
            return false;
        }
        options = settings.Network(host) with { Name = name ?? host, Port = port, Tls = tls, AutoJoin = channels };
        return true;
    }
}
