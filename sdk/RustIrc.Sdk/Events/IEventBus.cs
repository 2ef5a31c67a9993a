namespace RustIrc.Sdk.Events;

/// <summary>What a handler tells the bus after seeing an event.</summary>
public enum EventResult
{
    /// <summary>Let later handlers see it too.</summary>
    Continue,

    /// <summary>Stop here: handlers of lower priority do not see it, and the default action (printing, sending) is skipped.</summary>
    Eat,
}

/// <summary>Handles one event type. Runs on the client loop.</summary>
public delegate EventResult EventCallback<in TEvent>(TEvent e) where TEvent : RustIrcEvent;

/// <summary>Rewrites a line of text; returning null drops the line.</summary>
public delegate string? TextModifier(ModifierKind kind, string network, string text);

/// <summary>The lines modifiers may rewrite.</summary>
public enum ModifierKind
{
    /// <summary>A raw line received from a server, before it is parsed.</summary>
    IncomingRaw,
    /// <summary>A raw line about to be sent to a server.</summary>
    OutgoingRaw,
    /// <summary>Text about to be displayed in a buffer.</summary>
    Display,
}

/// <summary>
/// Carries events between extensions. Handlers of one event type run in priority order (higher first;
/// equal priorities in subscription order), each may eat the event, and a handler that throws is
/// reported under its extension's name without stopping the others. All handlers run on the client
/// loop; publish from the loop.
/// </summary>
/// <remarks>
/// Everything subscribed through a module's bus is owned by that module: when it is unloaded the
/// kernel disposes the subscriptions, so a handler never outlives the code it points into.
/// </remarks>
public interface IEventBus
{
    /// <summary>Calls <paramref name="handler"/> for every published event of exactly type <typeparamref name="TEvent"/>.</summary>
    /// <returns>Disposing it unsubscribes.</returns>
    IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent;

    /// <summary>
    /// Calls <paramref name="observer"/> with every event that was not eaten, after its handlers ran.
    /// For frontends and loggers; observers cannot eat.
    /// </summary>
    IDisposable Observe(Action<RustIrcEvent> observer);

    /// <summary>Runs the handlers of <paramref name="e"/>'s type, then the observers unless it was eaten.</summary>
    /// <returns><see cref="EventResult.Eat"/> when a handler ate the event.</returns>
    EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent;

    /// <summary>Adds a modifier for one kind of line; modifiers run in priority order (higher first), each on the previous one's output.</summary>
    IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0);

    /// <summary>Runs the modifiers of <paramref name="kind"/> over <paramref name="text"/>; null when one dropped it.</summary>
    string? Modify(ModifierKind kind, string network, string text);

    /// <summary>
    /// Whether publishing a <typeparamref name="TEvent"/> would reach anyone (a handler of that type or an
    /// observer). Lets hot paths skip building events nobody reads; the answer can change at any time.
    /// </summary>
    bool HasListeners<TEvent>() where TEvent : RustIrcEvent;

    /// <summary>Whether any modifier of <paramref name="kind"/> is installed.</summary>
    bool HasModifiers(ModifierKind kind);
}
