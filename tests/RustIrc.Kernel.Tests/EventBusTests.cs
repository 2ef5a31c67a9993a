using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Events;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Tests;

/// <summary>Order, eating, failures and modifiers on the event bus, each handler owned by a named extension.</summary>
public sealed class EventBusTests
{
    private readonly LoggingFaultReporter _faults = new(NullLogger.Instance);
    private readonly EventBus _bus;
    // Both may read IRC: what they may not see is EventGuardTests' subject.
    private readonly Extension _alpha = new(ExtensionId.Module("alpha"), PermissionSet.Parse([WellKnownPermissions.IrcRead]));
    private readonly Extension _beta = new(new ExtensionId("lua", "beta"), PermissionSet.Parse([WellKnownPermissions.IrcRead]));

    public EventBusTests() => _bus = new EventBus(_faults);

    private static MessageEvent Message(string text = "hi") => new() { Network = "net", Target = "#c", Text = text };

    [Fact]
    public void Publish_HandlersWithPriorities_RunHighestFirstThenInSubscriptionOrder()
    {
        var seen = new List<string>();
        EventCallback<MessageEvent> Record(string name) => _ => { seen.Add(name); return EventResult.Continue; };
        _bus.SubscribeAs(_alpha, Record("a0"), 0);
        _bus.SubscribeAs(_alpha, Record("b10"), 10);
        _bus.SubscribeAs(_beta, Record("c0"), 0);
        _bus.SubscribeAs(_beta, Record("d-5"), -5);
        _bus.SubscribeAs(_alpha, Record("e10"), 10);

        var result = _bus.Publish(Message());

        Assert.Equal(EventResult.Continue, result);
        Assert.Equal(["b10", "e10", "a0", "c0", "d-5"], seen);
    }

    [Fact]
    public void Publish_HandlerEats_LowerHandlersAndObserversDoNotSeeIt()
    {
        var seen = new List<string>();
        _bus.SubscribeAs<MessageEvent>(_alpha, _ => { seen.Add("high"); return EventResult.Continue; }, 10);
        _bus.SubscribeAs<MessageEvent>(_alpha, _ => { seen.Add("eater"); return EventResult.Eat; }, 5);
        _bus.SubscribeAs<MessageEvent>(_beta, _ => { seen.Add("low"); return EventResult.Continue; }, 0);
        _bus.ObserveAs(_beta, _ => seen.Add("observer"));

        var result = _bus.Publish(Message());

        Assert.Equal(EventResult.Eat, result);
        Assert.Equal(["high", "eater"], seen);
    }

    [Fact]
    public void Publish_NobodyEats_ObserversSeeItAfterTheHandlers()
    {
        var seen = new List<string>();
        _bus.ObserveAs(_beta, e => seen.Add("observer:" + ((MessageEvent)e).Text));
        _bus.SubscribeAs<MessageEvent>(_alpha, _ => { seen.Add("handler"); return EventResult.Continue; }, 0);

        _bus.Publish(Message("x"));

        Assert.Equal(["handler", "observer:x"], seen);
    }

    [Fact]
    public void Publish_HandlerThrows_OthersStillRunAndTheFailureNamesItsExtension()
    {
        var seen = new List<string>();
        _bus.SubscribeAs<MessageEvent>(_alpha, _ => { seen.Add("before"); return EventResult.Continue; }, 10);
        _bus.SubscribeAs<MessageEvent>(_beta, _ => throw new InvalidOperationException("beta broke"), 5);
        _bus.SubscribeAs<MessageEvent>(_alpha, _ => { seen.Add("after"); return EventResult.Continue; }, 0);

        var result = _bus.Publish(Message());

        Assert.Equal(EventResult.Continue, result);
        Assert.Equal(["before", "after"], seen);
        var failure = Assert.Single(_faults.Failures);
        Assert.Equal("lua:beta", failure.Owner);
        Assert.Equal(nameof(MessageEvent), failure.What);
        Assert.Equal("beta broke", failure.Exception.Message);
    }

    [Fact]
    public void Publish_SubscriptionDisposed_HandlerNoLongerRuns()
    {
        var calls = 0;
        var subscription = _bus.SubscribeAs<MessageEvent>(_alpha, _ => { calls++; return EventResult.Continue; }, 0);
        _bus.Publish(Message());

        subscription.Dispose();
        _bus.Publish(Message());

        Assert.Equal(1, calls);
        Assert.Equal(0, _bus.HandlerCount<MessageEvent>());
    }

    [Fact]
    public void Modify_SeveralModifiers_EachRewritesThePreviousOutputInPriorityOrder()
    {
        _bus.AddModifierAs(_alpha, ModifierKind.IncomingRaw, (_, _, text) => text + " low", 0);
        _bus.AddModifierAs(_beta, ModifierKind.IncomingRaw, (_, _, text) => text + " high", 10);
        _bus.AddModifierAs(_alpha, ModifierKind.IncomingRaw, (_, network, text) => $"{text} mid@{network}", 5);
        _bus.AddModifierAs(_alpha, ModifierKind.OutgoingRaw, (_, _, text) => "other kind: " + text, 0);

        Assert.Equal("PING high mid@libera low", _bus.Modify(ModifierKind.IncomingRaw, "libera", "PING"));
    }

    [Fact]
    public void Modify_ModifierReturnsNull_LineDroppedAndLaterModifiersNotCalled()
    {
        var laterCalled = false;
        _bus.AddModifierAs(_alpha, ModifierKind.Display, (_, _, text) => text.Contains("spam") ? null : text, 10);
        _bus.AddModifierAs(_beta, ModifierKind.Display, (_, _, text) => { laterCalled = true; return text; }, 0);

        Assert.Null(_bus.Modify(ModifierKind.Display, "net", "buy spam now"));
        Assert.False(laterCalled);
        Assert.Equal("hello", _bus.Modify(ModifierKind.Display, "net", "hello"));
    }

    [Fact]
    public void Modify_ModifierThrows_SkippedAndReportedUnderItsExtension()
    {
        _bus.AddModifierAs(_beta, ModifierKind.Display, (_, _, _) => throw new FormatException("bad pattern"), 10);
        _bus.AddModifierAs(_alpha, ModifierKind.Display, (_, _, text) => text.ToUpperInvariant(), 0);

        Assert.Equal("HELLO", _bus.Modify(ModifierKind.Display, "net", "hello"));
        Assert.Equal("lua:beta", Assert.Single(_faults.Failures).Owner);
    }
}
