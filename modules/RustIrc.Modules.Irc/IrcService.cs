using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>
/// <see cref="IIrcService"/> over the module's networks. The kernel wraps it in a permission guard for
/// each caller, so nothing here checks permissions itself.
/// </summary>
internal sealed class IrcService(INetworkHost host) : IIrcService
{
    private readonly List<IrcNetwork> _networks = [];

    public IReadOnlyList<IrcNetwork> All => _networks;

    /// <summary>The network named <paramref name="name"/> (any case), or null.</summary>
    /// <remarks>A plain loop: this runs for every line shown, and a lambda capturing the name allocated each time.</remarks>
    public IrcNetwork? Find(string? name)
    {
        if (name is null) return null;
        foreach (var network in _networks)
        {
            if (string.Equals(network.Name, name, StringComparison.OrdinalIgnoreCase)) return network;
        }
        return null;
    }

    public IrcNetwork Get(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            _networks.Count == 0
                ? $"There is no network '{name}': /connect to one first."
                : $"There is no network '{name}' (known: {string.Join(", ", _networks.Select(n => n.Name))}).");

    public IReadOnlyList<IrcNetworkInfo> Networks() => _networks.Select(n => n.ToInfo()).ToArray();

    public IrcNetworkInfo? FindNetwork(string network) => Find(network)?.ToInfo();

    public string? NickOf(string network) => Find(network)?.State.Nick;

    public IReadOnlyList<IrcChannelInfo> Channels(string network) =>
        Find(network) is { } n
            ? n.State.Channels.Values.Select(c => new IrcChannelInfo
            {
                Network = n.Name,
                Name = c.Name,
                Topic = c.Topic,
                TopicSetBy = c.TopicSetBy,
                Modes = c.FormatModes(),
                MemberCount = c.Members.Count,
            }).ToArray()
            : [];

    public IReadOnlyList<IrcMemberInfo> Members(string network, string channel) =>
        Find(network) is { } n && n.State.Channels.TryGetValue(channel, out var c)
            ? c.Members.Values.OrderBy(m => m.Prefixes.Length == 0 ? int.MaxValue : n.State.Support.RankOf(m.Prefixes[0]))
                .ThenBy(m => m.User.Nick, n.State.Comparer).Select(m => m.ToInfo()).ToArray()
            : [];

    public string Connect(IrcNetworkOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Nick);
        options = options with { Name = UniqueName(options) };
        if (Find(options.Name) is { } existing)
        {
            _ = existing.RestartAsync(options);
            return existing.Name;
        }
        var network = new IrcNetwork(options, host);
        _networks.Add(network);
        network.Start();
        return network.Name;
    }

    /// <summary>
    /// A name taken from the host is made unique when another server or user on that host has it (two
    /// ports, two users of one bouncer): the port is added, then a number. A name chosen by the user is kept.
    /// </summary>
    private string UniqueName(IrcNetworkOptions options)
    {
        if (!string.Equals(options.Name, options.Host, StringComparison.OrdinalIgnoreCase)) return options.Name;
        if (Find(options.Name) is not { } taken || IsSameSession(taken.Options, options)) return options.Name;
        var withPort = $"{options.Host}:{options.EffectivePort}";
        var candidate = withPort;
        for (var n = 2; Find(candidate) is { } other && !IsSameSession(other.Options, options); n++) candidate = $"{withPort}-{n}";
        return candidate;
    }

    private static bool IsSameSession(IrcNetworkOptions a, IrcNetworkOptions b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.EffectivePort == b.EffectivePort
        && a.Nick == b.Nick && a.Password == b.Password && a.SaslUser == b.SaslUser;

    public Task DisconnectAsync(string network, string? reason = null) => Get(network).DisconnectAsync(reason);

    /// <summary>Disconnects every network (module unload, client exit).</summary>
    public Task DisconnectAllAsync(string reason) => Task.WhenAll(_networks.Select(n => n.DisconnectAsync(reason)));

    public void SendRaw(string network, string line) => Get(network).SendLine(line, urgent: false);

    public void SendMessage(string network, string target, string text) => Get(network).SendText("PRIVMSG", target, text);

    public void SendNotice(string network, string target, string text) => Get(network).SendText("NOTICE", target, text);

    public void SendAction(string network, string target, string text) => Get(network).SendText("PRIVMSG", target, text, action: true);

    public void Join(string network, string channel, string? key = null) =>
        Get(network).JoinWhenReady(channel, key);

    public void Part(string network, string channel, string? reason = null) =>
        Get(network).Send(reason is null ? new IrcMessage("PART", channel) : new IrcMessage("PART", channel, reason));

    public void SetTopic(string network, string channel, string topic) => Get(network).Send(new IrcMessage("TOPIC", channel, topic));

    public void SetMode(string network, string target, string modes, params string[] arguments) =>
        Get(network).Send(new IrcMessage("MODE", [target, modes, .. arguments]));

    public void ChangeNick(string network, string nick)
    {
        var n = Get(network);
        if (!n.IsRegistered) n.Options = n.Options with { Nick = nick };
        n.CancelReclaim();
        n.Send(new IrcMessage("NICK", nick));
    }
}
