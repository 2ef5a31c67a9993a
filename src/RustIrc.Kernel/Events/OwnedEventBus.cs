using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Events;

/// <summary>
/// The event bus as one extension sees it: everything it subscribes is recorded as its own, and listening
/// is checked like a service call: IRC events and the raw-line modifier need <c>irc.read</c>, the outgoing
/// one <c>irc.send</c>, the display modifier <c>ui_modification</c>.
/// </summary>
internal sealed class OwnedEventBus(EventBus bus, Extension owner) : IEventBus
{
    public IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent
    {
        if (EventKind<TEvent>.IsIrc) Require(WellKnownPermissions.IrcRead, $"IEventBus.Subscribe<{typeof(TEvent).Name}>");
        return owner.Own(bus.SubscribeAs(owner, handler, priority));
    }

    /// <summary>Observing needs nothing: the bus leaves out what the owner may not see.</summary>
    public IDisposable Observe(Action<RustIrcEvent> observer) => owner.Own(bus.ObserveAs(owner, observer));

    public EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent => bus.Publish(e);

    public IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0)
    {
        var needed = kind switch
        {
            ModifierKind.IncomingRaw => WellKnownPermissions.IrcRead,
            ModifierKind.OutgoingRaw => WellKnownPermissions.IrcSend,
            _ => WellKnownPermissions.UiModification,
        };
        Require(needed, $"IEventBus.AddModifier({kind})");
        return owner.Own(bus.AddModifierAs(owner, kind, modifier, priority));
    }

    public string? Modify(ModifierKind kind, string network, string text) => bus.Modify(kind, network, text);

    public bool HasListeners<TEvent>() where TEvent : RustIrcEvent => bus.HasListeners<TEvent>();

    public bool HasModifiers(ModifierKind kind) => bus.HasModifiers(kind);

    /// <summary>The same bus, in the name of <paramref name="hosted"/> (a script the owner runs).</summary>
    public OwnedEventBus For(Extension hosted) => new(bus, hosted);

    private void Require(string permission, string operation)
    {
        if (!owner.Permissions.Allows(new Permission(permission))) throw new PermissionDeniedException(owner.Id, new Permission(permission), PermissionActions.Of(permission, operation));
    }
}
