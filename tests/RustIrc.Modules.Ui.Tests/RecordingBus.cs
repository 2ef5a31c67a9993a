using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Ui.Tests;

/// <summary>An event bus that records what is published and, when told, modifies displayed text.</summary>
internal sealed class RecordingBus : IEventBus
{
    public List<RustIrcEvent> Published { get; } = [];
    public Func<string, string?> Modifier { get; set; } = text => text;

    public IDisposable Subscribe<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent => throw new NotSupportedException();
    public IDisposable Observe(Action<RustIrcEvent> observer) => throw new NotSupportedException();

    public EventResult Result { get; set; } = EventResult.Continue;

    public EventResult Publish<TEvent>(TEvent e) where TEvent : RustIrcEvent
    {
        Published.Add(e);
        return Result;
    }

    public IDisposable AddModifier(ModifierKind kind, TextModifier modifier, int priority = 0) => throw new NotSupportedException();
    public string? Modify(ModifierKind kind, string network, string text) => kind == ModifierKind.Display && Modified ? Modifier(text) : text;
    public bool Listened { get; set; } = true;
    public bool Modified { get; set; } = true;

    public bool HasListeners<TEvent>() where TEvent : RustIrcEvent => Listened;
    public bool HasModifiers(ModifierKind kind) => Modified;
}
