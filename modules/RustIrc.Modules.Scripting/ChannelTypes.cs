using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// Tells a channel from a nick by the first character, as each network's CHANTYPES (ISUPPORT) says, or
/// <see cref="Default"/> while a network has not said or no IRC module runs. Used for every message a
/// script listens to, so a network's CHANTYPES is looked up once and kept: reading a network copies its
/// whole state. What is kept is dropped when the network (re)connects, disconnects or sends ISUPPORT.
/// </summary>
internal sealed class ChannelTypes : IDisposable
{
    /// <summary>The channel prefixes IRC has always had, used when a network has not said.</summary>
    public const string Default = "#&+!";

    private readonly IModuleContext _context;
    private readonly Dictionary<string, string> _known = new(StringComparer.OrdinalIgnoreCase);
    private string? _lastNetwork;
    private string _lastTypes = Default;
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

    /// <summary>Whether <paramref name="target"/> names a channel on <paramref name="network"/>.</summary>
    public bool IsChannel(string? network, string? target)
    {
        if (string.IsNullOrEmpty(target)) return false;
        return Of(network).Contains(target[0], StringComparison.Ordinal);
    }

    private string Of(string? network)
    {
        if (network is null) return Default;
        // The IRC module hands out one string per network name, so the network of the last event is
        // found again by reference, without hashing the name for every event.
        if (ReferenceEquals(network, _lastNetwork)) return _lastTypes;
        if (!_known.TryGetValue(network, out var types))
        {
            types = Read(network);
            _known[network] = types;
        }
        _lastNetwork = network;
        _lastTypes = types;
        return types;
    }

    private string Read(string network)
    {
        try
        {
            // In the engine's own name: which characters start a channel is no secret.
            var info = _context.Services.Find<IIrcService>()?.FindNetwork(network);
            return info is not null && info.ISupport.TryGetValue("CHANTYPES", out var types) && types.Length > 0 ? types : Default;
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            return Default;
        }
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
