using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// Tells a channel from a nick by the first character, as each network's CHANTYPES (ISUPPORT) says, or
/// <see cref="Default"/> while a network has not said or no IRC module runs; and a message to some of a
/// channel's members (<c>@#chan</c>) by its STATUSMSG. Used for every message a script listens to, so a
/// network's tokens are looked up once and kept: reading a network copies its whole state. What is kept
/// is dropped when the network (re)connects, disconnects or sends ISUPPORT.
/// </summary>
internal sealed class ChannelTypes : IDisposable
{
    /// <summary>The channel prefixes IRC has always had, used when a network has not said.</summary>
    public const string Default = "#&+!";

    private readonly IModuleContext _context;
    private readonly Dictionary<string, Prefixes> _known = new(StringComparer.OrdinalIgnoreCase);
    private string? _lastNetwork;
    private Prefixes _last = Prefixes.Defaults;
    private readonly IDisposable[] _subscriptions;

    public ChannelTypes(IModuleContext context)
    {
        _context = context;
        // First of all handlers, which never eat: a script that eats the event must not keep a stale answer here.
        _subscriptions =
        [
            context.Events.Subscribe<NumericEvent>(e =>
            {
                if (e.Code == 5) Forget(e.Network);
                return EventResult.Continue;
            }, int.MaxValue),
            context.Events.Subscribe<ConnectedEvent>(e =>
            {
                Forget(e.Network);
                return EventResult.Continue;
            }, int.MaxValue),
            context.Events.Subscribe<DisconnectedEvent>(e =>
            {
                Forget(e.Network);
                return EventResult.Continue;
            }, int.MaxValue),
        ];
    }

    /// <summary>
    /// The channel <paramref name="target"/> names on <paramref name="network"/>: the target itself, or
    /// the channel after a STATUSMSG prefix (<c>#chan</c> for <c>@#chan</c>); null for a nick.
    /// </summary>
    public string? ChannelOf(string? network, string? target)
    {
        if (string.IsNullOrEmpty(target)) return null;
        var prefixes = Of(network);
        return IrcTarget.IsChannel(target, prefixes.Channel) ? target : IrcTarget.StatusMessageChannel(target, prefixes.Status, prefixes.Channel);
    }

    private Prefixes Of(string? network)
    {
        if (network is null) return Prefixes.Defaults;
        // The IRC module hands out one string per network name, so the network of the last event is
        // found again by reference, without hashing the name for every event.
        if (ReferenceEquals(network, _lastNetwork)) return _last;
        if (!_known.TryGetValue(network, out var prefixes))
        {
            prefixes = Read(network);
            _known[network] = prefixes;
        }
        _lastNetwork = network;
        _last = prefixes;
        return prefixes;
    }

    private Prefixes Read(string network)
    {
        try
        {
            // In the engine's own name: which characters start a channel is no secret.
            var info = _context.Services.Find<IIrcService>()?.FindNetwork(network);
            if (info is null) return Prefixes.Defaults;
            return new Prefixes(
                info.ISupport.TryGetValue("CHANTYPES", out var types) && types.Length > 0 ? types : Default,
                info.ISupport.TryGetValue("STATUSMSG", out var status) ? status : "");
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            return Prefixes.Defaults;
        }
    }

    /// <summary>A network's channel prefixes (CHANTYPES) and status-message prefixes (STATUSMSG, none until said).</summary>
    private sealed record Prefixes(string Channel, string Status)
    {
        public static readonly Prefixes Defaults = new(Default, "");
    }

    private void Forget(string? network)
    {
        if (network is null) return;
        _known.Remove(network);
        _lastNetwork = null;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
    }
}
