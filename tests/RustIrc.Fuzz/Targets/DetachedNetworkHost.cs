using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Modules.Irc;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Services;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// What a network and the irc module's printer need from the module and the kernel, without either:
/// events go straight to their handlers (so what a handler throws reaches the fuzzer, where the kernel's
/// bus would only log it), timers never fire (a registration timeout would only end the session under
/// test), the loop is the caller's thread, no UI is loaded, and the server is a <see cref="SinkTransport"/>.
/// </summary>
internal sealed class DetachedNetworkHost : INetworkHost, IEventBus, IClientLoop, IServiceBroker
{
    private static readonly IDisposable Nothing = new Unsubscribe(() => { });

    private readonly Dictionary<Type, List<Delegate>> _handlers = [];

    public IEventBus Events => this;

    public IClientLoop Loop => this;

    public ILogger Logger => NullLogger.Instance;

    // Flood control off: queued lines are written at once, so closing a session never waits for them.
    public IrcSettings Settings { get; } = new() { FloodRate = 0 };

    public IgnoreList Ignores { get; } = IgnoreList.Load(null, []);

    public IIrcTransport? Transport { get; } = new SinkTransport();

    public bool IsOnLoop => true;

    /// <summary>Drops every subscription, for a fresh session.</summary>
    public void Clear() => _handlers.Clear();

    public void Status(string network, string text, LineKind kind = LineKind.Info)
    {
    }

    public IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent
    {
        if (!_handlers.TryGetValue(typeof(TEvent), out var list)) _handlers[typeof(TEvent)] = list = [];
        list.Add(handler);
        return new Unsubscribe(() => list.Remove(handler));
    }

    public IDisposable Observe(Action<RustIrcEvent> observer) => Nothing;

    public EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent
    {
        if (!_handlers.TryGetValue(typeof(TEvent), out var list)) return EventResult.Continue;
        foreach (var handler in list)
        {
            if (((EventCallback<TEvent>)handler)(e) == EventResult.Eat) return EventResult.Eat;
        }
        return EventResult.Continue;
    }

    public IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0) => Nothing;

    public string? Modify(ModifierKind kind, string network, string text) => text;

    public bool HasListeners<TEvent>() where TEvent : RustIrcEvent => _handlers.TryGetValue(typeof(TEvent), out var list) && list.Count > 0;

    public bool HasModifiers(ModifierKind kind) => false;

    public void Post(Action action) => action();

    public Task InvokeAsync(Func<Task> action) => action();

    public IDisposable Schedule(TimeSpan due, Action action, TimeSpan? period = null) => Nothing;

    public IDisposable Provide<TService>(TService implementation) where TService : class => throw new NotSupportedException("The fuzzer's host provides no services.");

    public TService? Find<TService>() where TService : class => null;

    public TService Get<TService>() where TService : class => throw new ServiceUnavailableException($"No {typeof(TService).Name} while fuzzing.");

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
