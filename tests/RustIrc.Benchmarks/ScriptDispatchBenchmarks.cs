using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.Benchmarks;

/// <summary>
/// One message event dispatched to one script handler, through the real engine module in a kernel. The
/// handler reads a field of the event (as a counting script would), so the cost includes making the event
/// for the language, crossing into the script and back, and the limit bookkeeping.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public abstract class ScriptDispatchBenchmarks
{
    private RustIrcKernel _kernel = null!;
    // Held, as a publishing module holds its bus: the kernel's Events property makes a new wrapper (32 B) each time.
    private IEventBus _bus = null!;
    private string _data = null!;
    private readonly MessageEvent _message = new()
    {
        Network = "bench",
        Nick = "nick123",
        User = "~ident",
        Host = "user-abcdef.bench.example",
        Target = "#bench",
        Text = "some text of about eighty characters, with é and an URL https://example.org/x ok",
    };

    /// <summary>The engine module's id.</summary>
    protected abstract string Engine { get; }

    /// <summary>The counting script's file name and source.</summary>
    protected abstract (string File, string Source) Script { get; }

    /// <summary>The modules the kernel runs: the engine alone, unless a script needs more.</summary>
    protected virtual string[] Composition => [Engine];

    /// <summary>Puts the counting script into the engine's folder.</summary>
    protected virtual void Install(string folder) => File.WriteAllText(Path.Combine(folder, Script.File), Script.Source);

    [GlobalSetup]
    public void Setup()
    {
        RepoPaths.Require(Path.Combine(RepoPaths.Modules, Engine));
        _data = RepoPaths.NewTempDirectory(Engine + "-bench");
        var scripts = Directory.CreateDirectory(Path.Combine(_data, "scripts")).FullName;
        Install(scripts);
        _kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [RepoPaths.Modules],
            Composition = Composition,
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                [Engine] = ["ui_modification", "irc.read", "irc.send"],
                ["irc"] = ["ui_modification", "irc.read", "irc.send", "network_access"],
            },
            DataDirectory = Path.Combine(_data, "data"),
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"modules:{Engine}:directory"] = scripts }).Build(),
        });
        _kernel.StartAsync().GetAwaiter().GetResult();
        _bus = _kernel.Events;
        if (_kernel.Manager.List().Single(m => m.Id == Engine).State != ModuleState.Enabled) throw new InvalidOperationException($"the {Engine} module did not start");
        // Scripts load on the client loop once the kernel has started: wait for the handler to be there.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_kernel.Events.HasListeners<MessageEvent>())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"the {Engine} script did not subscribe to message events within 10 s");
            Thread.Sleep(10);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>
    /// Publishes for <paramref name="duration"/> with no harness around it, for a sampling profiler (e.g.
    /// <c>DOTNET_PerfMapEnabled=1 perf record -g</c>); prints the mean time per event.
    /// </summary>
    public static int Loop(ScriptDispatchBenchmarks benchmark, TimeSpan duration)
    {
        benchmark.Setup();
        try
        {
            var events = 0L;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                for (var i = 0; i < 10_000; i++) benchmark.PublishToHandler();
                events += 10_000;
            }
            Console.WriteLine($"{benchmark.Engine}-dispatch-loop: {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s, {clock.Elapsed.TotalNanoseconds / events:0} ns each, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)events:0.0} B each");
            return 0;
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    /// <summary>One MessageEvent published to the bus, handled by the script.</summary>
    [Benchmark]
    public EventResult PublishToHandler() => _bus.Publish(_message);
}

/// <summary>Goal: one message event to one Lua handler under 400 ns.</summary>
public class LuaDispatchBenchmarks : ScriptDispatchBenchmarks
{
    protected override string Engine => "lua";

    protected override (string File, string Source) Script => ("count.lua", """
        local count = 0
        irc.on("message", function(event) if event.channel == "#bench" then count = count + 1 end end)
        """);
}

/// <summary>Goal: one message event to one Python handler under 2 µs.</summary>
public class PythonDispatchBenchmarks : ScriptDispatchBenchmarks
{
    protected override string Engine => "python";

    protected override (string File, string Source) Script => ("count.py", """
        import irc
        count = 0
        def count_message(event):
            global count
            if event.channel == "#bench":
                count += 1
        irc.on("message", count_message)
        """);
}

/// <summary>Goal: one message event to one native (C) handler under 100 ns.</summary>
public class NativeDispatchBenchmarks : ScriptDispatchBenchmarks
{
    protected override string Engine => "plugin";

    protected override (string File, string Source) Script => ("bench_count.so", "");

    /// <summary>Extra gcc options for the plugin.</summary>
    protected virtual string[] Flags => [];

    /// <summary>Builds Native/bench_count.c with gcc, as a user would build a plugin.</summary>
    protected override void Install(string folder) =>
        Tests.Shared.NativeCompiler.CompileAsync("tests/RustIrc.Benchmarks/Native/bench_count.c", Path.Combine(folder, Script.File), Flags).GetAwaiter().GetResult();
}

/// <summary>The same, with the handler asking the host for the nick on every message (the irc module provides it).</summary>
public class NativeNickDispatchBenchmarks : NativeDispatchBenchmarks
{
    protected override string[] Composition => ["irc", Engine];

    protected override string[] Flags => ["-DASK_NICK"];
}
