using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Events;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Benchmarks;

/// <summary>
/// Goal: publishing one event to one .NET handler costs under 50 ns and allocates nothing.
/// The event record is allocated once; each benchmark publishes it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EventBusBenchmarks
{
    private readonly MessageEvent _message = new() { Network = "libera", Nick = "alice", User = "a", Host = "example.org", Target = "#rustirc", Text = "hello, world" };
    private readonly List<IDisposable> _subscriptions = [];
    private EventBus _one = null!;
    private EventBus _ten = null!;
    private EventBus _observed = null!;
    private IEventBus _moduleView = null!;
    private int _seen;

    [GlobalSetup]
    public void Setup()
    {
        EventCallback<MessageEvent> handler = e =>
        {
            _seen++;
            return EventResult.Continue;
        };

        _one = NewBus();
        _subscriptions.Add(_one.Subscribe(handler));

        _ten = NewBus();
        for (var i = 0; i < 10; i++) _subscriptions.Add(_ten.Subscribe(handler, priority: i));

        _observed = NewBus();
        _subscriptions.Add(_observed.Subscribe(handler));
        _subscriptions.Add(_observed.Observe(_ => _seen++));

        // What a module holds: the bus seen through its own identity (IEventBus -> OwnedEventBus -> EventBus).
        var bus = NewBus();
        var module = new Extension(ExtensionId.Module("bench"), PermissionSet.Unrestricted);
        _moduleView = new OwnedEventBus(bus, module);
        _subscriptions.Add(_moduleView.Subscribe(handler));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        if (_seen == 0) throw new InvalidOperationException("No handler ran.");
    }

    /// <summary>The goal: one event, one handler.</summary>
    [Benchmark(Baseline = true)]
    public EventResult Publish_OneHandler() => _one.Publish(_message);

    /// <summary>The same, through the IEventBus a module is given (one more call, a generic interface method).</summary>
    [Benchmark]
    public EventResult Publish_OneHandler_ModuleView() => _moduleView.Publish(_message);

    [Benchmark]
    public EventResult Publish_TenHandlers() => _ten.Publish(_message);

    [Benchmark]
    public EventResult Publish_OneHandler_OneObserver() => _observed.Publish(_message);

    private static EventBus NewBus() => new(new LoggingFaultReporter(NullLogger.Instance));
}
