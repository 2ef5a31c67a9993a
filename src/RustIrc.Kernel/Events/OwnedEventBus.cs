using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Events;

namespace RustIrc.Kernel.Events;

/// <summary>The event bus as one extension sees it: everything it subscribes is recorded as its own.</summary>
internal sealed class OwnedEventBus(EventBus bus, Extension owner) : IEventBus
{
    public IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent =>
        owner.Own(bus.SubscribeAs(owner, handler, priority));

    public IDisposable Observe(Action<RustIrcEvent> observer) => owner.Own(bus.ObserveAs(owner, observer));

    public EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent => bus.Publish(e);

    public IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0) =>
        owner.Own(bus.AddModifierAs(owner, kind, modifier, priority));

    public string? Modify(ModifierKind kind, string network, string text) => bus.Modify(kind, network, text);

    public bool HasListeners<TEvent>() where TEvent : RustIrcEvent => bus.HasListeners<TEvent>();

    public bool HasModifiers(ModifierKind kind) => bus.HasModifiers(kind);
}
