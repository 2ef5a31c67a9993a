using Microsoft.Extensions.Configuration;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>
/// The module's settings (config.json <c>modules.irc</c>): defaults for new connections, the networks
/// to connect to at start, CTCP replies and keep-alive timing. Bad values are reported, never fatal; the
/// kernel reports unknown keys from the names in module.json.
/// </summary>
internal sealed record IrcSettings
{
    public string Nick { get; init; } = DefaultNick();
    public IReadOnlyList<string> AlternativeNicks { get; init; } = [];
    public string? UserName { get; init; }
    public string? RealName { get; init; }
    public string QuitMessage { get; init; } = "RustIrc";
    public string CtcpVersion { get; init; } = $"RustIrc {typeof(IrcSettings).Assembly.GetName().Version?.ToString(3)} on .NET {Environment.Version}";
    public bool CtcpReplies { get; init; } = true;

    /// <summary>Whether a nick in use at registration is taken back once it is free (<c>modules.irc.reclaimNick</c>).</summary>
    public bool ReclaimNick { get; init; } = true;

    /// <summary>The NickServ command sent to free the nick when logged in (<c>modules.irc.nickServRecover</c>; empty: none).</summary>
    public string NickServRecover { get; init; } = "RECOVER";

    /// <summary>Words that highlight a line besides the user's nick (<c>modules.irc.highlights</c>).</summary>
    public IReadOnlyList<string> Highlights { get; init; } = [];
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long opening a connection may take, TCP and TLS handshake together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public int FloodBurst { get; init; } = 5;
    public double FloodRate { get; init; } = 2;
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Networks to connect to at start: from <c>networks</c> (with autoConnect) and <c>connect</c> URLs.</summary>
    public IReadOnlyList<IrcNetworkOptions> AutoConnect { get; init; } = [];

    public static IrcSettings Read(IConfiguration section, List<string> problems)
    {
        var settings = new IrcSettings
        {
            Nick = section["nick"] is { Length: > 0 } nick ? nick : DefaultNick(),
            AlternativeNicks = List(section.GetSection("alternativeNicks")),
            Highlights = List(section.GetSection("highlights")),
            UserName = section["userName"],
            RealName = section["realName"],
            QuitMessage = section["quitMessage"] ?? "RustIrc",
            CtcpReplies = Bool(section, "ctcpReplies", true, problems),
            ReclaimNick = Bool(section, "reclaimNick", true, problems),
            NickServRecover = NickServCommand(section["nickServRecover"], problems),
            PingInterval = Seconds(section, "pingInterval", 60, problems),
            PingTimeout = Seconds(section, "pingTimeout", 120, problems),
            ConnectTimeout = Seconds(section, "connectTimeout", 20, problems),
            FloodBurst = (int)Number(section, "floodBurst", 5, problems),
            FloodRate = Number(section, "floodRate", 2, problems),
            ReconnectDelay = Seconds(section, "reconnectDelay", 1.5, problems),
            MaxReconnectDelay = Seconds(section, "maxReconnectDelay", 300, problems),
        };
        if (section["ctcpVersion"] is { } version) settings = settings with { CtcpVersion = version };

        var networks = new List<IrcNetworkOptions>();
        foreach (var entry in section.GetSection("networks").GetChildren())
        {
            var host = entry["host"];
            if (string.IsNullOrWhiteSpace(host))
            {
                problems.Add($"modules.irc.networks[{entry.Key}] has no \"host\"; it is skipped.");
                continue;
            }
            if (!HostSyntax.IsValid(host))
            {
                problems.Add($"modules.irc.networks[{entry.Key}]: '{host}' is not a valid host name (letters, digits, '-' and '.', or an IP address); it is skipped.");
                continue;
            }
            if (!Bool(entry, "autoConnect", true, problems)) continue;
            var port = Number(entry, "port", 0, problems);
            if (port > 65535 || port != Math.Floor(port))
            {
                problems.Add($"modules.irc.networks[{entry.Key}]: port {entry["port"]} is not a port number (1 to 65535, or 0 for the usual one); the network is skipped.");
                continue;
            }
            networks.Add(settings.Network(host) with
            {
                Name = entry["name"] ?? host,
                Port = (int)port,
                Tls = Bool(entry, "tls", false, problems),
                AcceptInvalidCertificate = Bool(entry, "acceptInvalidCertificate", false, problems),
                CertificateFingerprint = entry["certificateFingerprint"],
                ClientCertificate = entry["clientCertificate"],
                Nick = entry["nick"] ?? settings.Nick,
                AlternativeNicks = entry.GetSection("alternativeNicks").Exists() ? List(entry.GetSection("alternativeNicks")) : settings.AlternativeNicks,
                UserName = entry["userName"] ?? settings.UserName,
                RealName = entry["realName"] ?? settings.RealName,
                Password = entry["password"],
                SaslMechanism = entry["saslMechanism"] ?? (entry["saslUser"] is null ? null : "PLAIN"),
                SaslUser = entry["saslUser"],
                SaslPassword = entry["saslPassword"],
                AutoJoin = List(entry.GetSection("autoJoin")),
                Reconnect = Bool(entry, "reconnect", true, problems),
                FloodBurst = (int)Number(entry, "floodBurst", settings.FloodBurst, problems),
                FloodRate = Number(entry, "floodRate", settings.FloodRate, problems),
            });
        }
        var connect = section.GetSection("connect");
        var urls = connect.Value is { } single ? [single] : List(connect);
        foreach (var url in urls)
        {
            if (ConnectCommand.TryParseUrl(url, settings, out var options, out var error)) networks.Add(options);
            else problems.Add($"--connect {url}: {error}");
        }
        return settings with { AutoConnect = networks };
    }

    /// <summary>Options for a new network with these defaults.</summary>
    public IrcNetworkOptions Network(string host) => new()
    {
        Name = host,
        Host = host,
        Nick = Nick,
        AlternativeNicks = AlternativeNicks,
        UserName = UserName,
        RealName = RealName,
        FloodBurst = FloodBurst,
        FloodRate = FloodRate,
    };

    /// <summary>One word of letters (RECOVER, REGAIN, GHOST), or empty for none; anything else is reported and the default kept.</summary>
    private static string NickServCommand(string? value, List<string> problems)
    {
        if (value is null) return "RECOVER";
        var command = value.Trim();
        if (command.All(char.IsAsciiLetter)) return command;
        problems.Add($"modules.irc.nickServRecover: '{value}' is not a NickServ command (one word, such as RECOVER or REGAIN; empty for none); RECOVER is used.");
        return "RECOVER";
    }

    private static string DefaultNick()
    {
        var user = Environment.UserName;
        return string.IsNullOrEmpty(user) || user == "root" ? "rustirc" : user;
    }

    private static IReadOnlyList<string> List(IConfigurationSection section) =>
        section.Value is { } one ? one.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : section.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray();

    private static bool Bool(IConfiguration section, string key, bool fallback, List<string> problems)
    {
        var value = section[key];
        if (value is null) return fallback;
        if (bool.TryParse(value, out var result)) return result;
        problems.Add($"modules.irc {key}: \"{value}\" is not true or false; using {fallback.ToString().ToLowerInvariant()}.");
        return fallback;
    }

    /// <summary>A time in seconds, up to a year: beyond that it is a typo, and far beyond it no TimeSpan can hold it.</summary>
    private static TimeSpan Seconds(IConfiguration section, string key, double fallback, List<string> problems)
    {
        const double Year = 365 * 24 * 3600;
        var seconds = Number(section, key, fallback, problems);
        if (seconds <= Year) return TimeSpan.FromSeconds(seconds);
        problems.Add($"modules.irc {key}: \"{section[key]}\" seconds is more than a year; using {fallback}.");
        return TimeSpan.FromSeconds(fallback);
    }

    private static double Number(IConfiguration section, string key, double fallback, List<string> problems)
    {
        var value = section[key];
        if (value is null) return fallback;
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var result) && result >= 0) return result;
        problems.Add($"modules.irc {key}: \"{value}\" is not a number ≥ 0; using {fallback}.");
        return fallback;
    }

}
