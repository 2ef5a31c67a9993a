using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Events;

/// <summary>
/// The event bus. Handlers of each event type live in a copy-on-write array found through a per-type
/// slot index, so publishing costs an array load and a delegate call per handler, allocates nothing,
/// and is safe against handlers that subscribe or unsubscribe while it runs.
/// </summary>
/// <remarks>
/// Events are guarded like services: an IRC event reaches a handler or observer only while its extension
/// holds <c>irc.read</c>, and an event that carries a login (<see cref="RustIrcEvent.WithoutCredentials"/>)
/// reaches one without <c>irc.credentials</c> as its masked copy; raw-line modifiers of such an extension do
/// not run on lines that carry a login. Each entry remembers what its extension's permission set allowed,
/// so the check costs one comparison while the set is unchanged.
/// </remarks>
internal sealed class EventBus : IEventBus
{
    private readonly object _gate = new();
    private readonly IFaultReporter _faults;
    private object?[] _slots = new object?[32];
    private Observer[] _observers = [];
    private readonly ModifierChain[] _modifiers = [new(), new(), new()];
    private long _sequence;

    public EventBus(IFaultReporter faults) => _faults = faults;

    public IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent =>
        SubscribeAs(_faults.Current, handler, priority);

    /// <summary>Subscribes in the name of <paramref name="owner"/>, whose name is used when the handler throws.</summary>
    public IDisposable SubscribeAs<TEvent>(Extension? owner, EventCallback<TEvent> handler, int priority) where TEvent : RustIrcEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        var entry = new Handler<TEvent>(handler, priority, Interlocked.Increment(ref _sequence), owner);
        lock (_gate)
        {
            var list = GetList<TEvent>(create: true)!;
            list.Entries = Insert(list.Entries, entry, static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Sequence.CompareTo(b.Sequence));
        }
        return new Disposable(() =>
        {
            lock (_gate)
            {
                var list = GetList<TEvent>(create: false);
                if (list is null) return;
                list.Entries = Array.FindAll(list.Entries, e => !ReferenceEquals(e, entry));
                if (list.Entries.Length == 0)
                {
                    // An event type declared by a module must not stay referenced once its handlers are gone.
                    _slots[EventSlot<TEvent>.Index] = null;
                }
            }
        });
    }

    public IDisposable Observe(Action<RustIrcEvent> observer) => ObserveAs(_faults.Current, observer);

    public IDisposable ObserveAs(Extension? owner, Action<RustIrcEvent> observer)
    {
        var entry = new Observer(observer, owner, new AccessCache());
        lock (_gate) _observers = [.. _observers, entry];
        return new Disposable(() =>
        {
            lock (_gate) _observers = Array.FindAll(_observers, o => !ReferenceEquals(o, entry));
        });
    }

    public EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent
    {
        var slots = _slots;
        var index = EventSlot<TEvent>.Index;
        if ((uint)index < (uint)slots.Length && slots[index] is HandlerList<TEvent> list)
        {
            var entries = list.Entries;
            // Read once: almost no event carries a login, and the loop then only tests a local for null.
            var masked = e.WithoutCredentials;
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var delivered = e;
                if (entry.Owner is { } owner)
                {
                    var access = entry.For(owner);
                    if (EventKind<TEvent>.IsIrc && (access & Access.Read) == 0) continue;
                    if (masked is TEvent copy && (access & Access.Credentials) == 0) delivered = copy;
                }
                EventResult result;
                try
                {
                    result = entry.Callback(delivered);
                }
                catch (Exception ex)
                {
                    _faults.HandlerFailed(entry.Owner, typeof(TEvent).Name, ex);
                    continue;
                }
                if (result == EventResult.Eat)
                {
                    return EventResult.Eat;
                }
            }
        }
        var observers = _observers;
        if (observers.Length != 0)
        {
            NotifyObservers(observers, e);
        }
        return EventResult.Continue;
    }

    public IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0) =>
        AddModifierAs(_faults.Current, kind, modifier, priority);

    public IDisposable AddModifierAs(Extension? owner, ModifierKind kind, TextModifier modifier, int priority)
    {
        var chain = _modifiers[(int)kind];
        var entry = new Modifier(modifier, priority, Interlocked.Increment(ref _sequence), owner, new AccessCache());
        lock (_gate)
        {
            chain.Entries = Insert(chain.Entries, entry, static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Sequence.CompareTo(b.Sequence));
        }
        return new Disposable(() =>
        {
            lock (_gate) chain.Entries = Array.FindAll(chain.Entries, m => !ReferenceEquals(m, entry));
        });
    }

    public string? Modify(ModifierKind kind, string network, string text)
    {
        var entries = _modifiers[(int)kind].Entries;
        string? current = text;
        int? carriesLogin = null;
        for (var i = 0; i < entries.Length && current is not null; i++)
        {
            // A raw line with a login in it is not shown to (or changed by) an extension not trusted with logins.
            if (kind != ModifierKind.Display && entries[i].Owner is { } owner && (entries[i].Access.For(owner) & Access.Credentials) == 0)
            {
                carriesLogin ??= IrcCredentials.RedactLine(current) is null ? 0 : 1;
                if (carriesLogin == 1) continue;
            }
            try
            {
                current = entries[i].Callback(kind, network, current);
            }
            catch (Exception ex)
            {
                // A broken modifier is skipped: the line goes on as the previous modifier left it.
                _faults.HandlerFailed(entries[i].Owner, $"{kind} modifier", ex);
            }
        }
        return current;
    }

    public bool HasListeners<TEvent>() where TEvent : RustIrcEvent
    {
        if (_observers.Length != 0) return true;
        var slots = _slots;
        var index = EventSlot<TEvent>.Index;
        return (uint)index < (uint)slots.Length && slots[index] is HandlerList<TEvent> list && list.Entries.Length != 0;
    }

    public bool HasModifiers(ModifierKind kind) => _modifiers[(int)kind].Entries.Length != 0;

    /// <summary>How many handlers are subscribed to <typeparamref name="TEvent"/>.</summary>
    public int HandlerCount<TEvent>() where TEvent : RustIrcEvent => GetList<TEvent>(create: false)?.Entries.Length ?? 0;

    private void NotifyObservers(Observer[] observers, RustIrcEvent e)
    {
        foreach (var observer in observers)
        {
            var delivered = e;
            if (observer.Owner is not null)
            {
                var access = observer.Access.For(observer.Owner);
                if (e is IrcEvent && (access & Access.Read) == 0) continue;
                if (e.WithoutCredentials is { } masked && (access & Access.Credentials) == 0) delivered = masked;
            }
            try
            {
                observer.Callback(delivered);
            }
            catch (Exception ex)
            {
                _faults.HandlerFailed(observer.Owner, $"{e.GetType().Name} observer", ex);
            }
        }
    }

    private HandlerList<TEvent>? GetList<TEvent>(bool create) where TEvent : RustIrcEvent
    {
        var index = EventSlot<TEvent>.Index;
        if (index >= _slots.Length)
        {
            if (!create) return null;
            var grown = new object?[Math.Max(index + 1, _slots.Length * 2)];
            Array.Copy(_slots, grown, _slots.Length);
            _slots = grown;
        }
        if (_slots[index] is HandlerList<TEvent> list) return list;
        if (!create) return null;
        list = new HandlerList<TEvent>();
        _slots[index] = list;
        return list;
    }

    private static T[] Insert<T>(T[] entries, T entry, Comparison<T> order)
    {
        var result = new T[entries.Length + 1];
        var at = 0;
        while (at < entries.Length && order(entries[at], entry) <= 0) at++;
        Array.Copy(entries, result, at);
        result[at] = entry;
        Array.Copy(entries, at, result, at + 1, entries.Length - at);
        return result;
    }

    private sealed class HandlerList<TEvent> where TEvent : RustIrcEvent
    {
        public volatile Handler<TEvent>[] Entries = [];
    }

    /// <summary>One subscription; its access cache is its own base, so a delivery reaches one object, not two.</summary>
    private sealed class Handler<TEvent>(EventCallback<TEvent> callback, int priority, long sequence, Extension? owner) : AccessCache where TEvent : RustIrcEvent
    {
        public readonly EventCallback<TEvent> Callback = callback;
        public readonly int Priority = priority;
        public readonly long Sequence = sequence;
        public readonly Extension? Owner = owner;
    }

    private sealed record Observer(Action<RustIrcEvent> Callback, Extension? Owner, AccessCache Access);

    private sealed record Modifier(TextModifier Callback, int Priority, long Sequence, Extension? Owner, AccessCache Access);

    private sealed class ModifierChain
    {
        public volatile Modifier[] Entries = [];
    }
}

/// <summary>What an extension may receive from the bus.</summary>
[Flags]
internal enum Access
{
    None = 0,
    /// <summary>IRC events (<c>irc.read</c>).</summary>
    Read = 1,
    /// <summary>Events and raw lines as they are, logins included (<c>irc.credentials</c>).</summary>
    Credentials = 2,
}

/// <summary>What one entry's extension may receive, worked out again only when its permission set changes.</summary>
internal class AccessCache
{
    private PermissionSet? _checked;
    private Access _access;

    public Access For(Extension owner)
    {
        var permissions = owner.Permissions;
        if (ReferenceEquals(permissions, _checked)) return _access;
        var access = Access.None;
        if (permissions.Allows(new Permission(WellKnownPermissions.IrcRead))) access |= Access.Read;
        if (permissions.Allows(new Permission(WellKnownPermissions.IrcCredentials))) access |= Access.Credentials;
        _access = access;
        _checked = permissions;
        return access;
    }
}

/// <summary>Whether <typeparamref name="TEvent"/> is an IRC event, known to the JIT as a constant.</summary>
internal static class EventKind<TEvent> where TEvent : RustIrcEvent
{
    public static readonly bool IsIrc = typeof(IrcEvent).IsAssignableFrom(typeof(TEvent));
}

/// <summary>
/// A process-wide small integer per event type, used to index handler slots. Event types are SDK types
/// (default load context), so the static cache never pins a module's load context.
/// </summary>
internal static class EventSlot<TEvent>
{
    public static readonly int Index = EventSlotCounter.Next();
}

internal static class EventSlotCounter
{
    private static int _next = -1;

    public static int Next() => Interlocked.Increment(ref _next);
}

/// <summary>Where the bus reports a handler that threw.</summary>
internal interface IFaultReporter
{
    /// <summary>The extension on whose behalf the bus is being used directly (the kernel), if known.</summary>
    Extension? Current { get; }

    void HandlerFailed(Extension? owner, string what, Exception exception);
}

/// <summary>Logs handler failures; used where no kernel tracks faults (tests, benchmarks).</summary>
internal sealed class LoggingFaultReporter(ILogger logger) : IFaultReporter
{
    public Extension? Current => null;

    public List<(string Owner, string What, Exception Exception)> Failures { get; } = [];

    public void HandlerFailed(Extension? owner, string what, Exception exception)
    {
        var name = owner?.Id.ToString() ?? "kernel";
        Failures.Add((name, what, exception));
        logger.LogError(exception, "{Owner}: {What} handler threw: {Message}", name, what, exception.Message);
    }
}
