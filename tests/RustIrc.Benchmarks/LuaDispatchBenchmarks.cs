using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.Benchmarks;

/// <summary>
/// Goal: dispatching one message event to one Lua handler costs under 400 ns. The real lua module runs
/// in a kernel; the script's handler reads a field of the event table (as a counting script would), so
/// the cost includes building the table, crossing into Lua and back, and the limit bookkeeping.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LuaDispatchBenchmarks
{
    private RustIrcKernel _kernel = null!;
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

    [GlobalSetup]
    public void Setup()
    {
        RepoPaths.Require(Path.Combine(RepoPaths.Modules, "lua"));
        _data = RepoPaths.NewTempDirectory("lua-bench");
        var scripts = Directory.CreateDirectory(Path.Combine(_data, "scripts")).FullName;
        File.WriteAllText(Path.Combine(scripts, "count.lua"), """
            local count = 0
            irc.on("message", function(event) if event.channel == "#bench" then count = count + 1 end end)
            """);
        _kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [RepoPaths.Modules],
            Composition = ["lua"],
            Grants = new Dictionary<string, IReadOnlyList<string>> { ["lua"] = ["ui_modification", "irc.read", "irc.send"] },
            DataDirectory = Path.Combine(_data, "data"),
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["modules:lua:directory"] = scripts }).Build(),
        });
        _kernel.StartAsync().GetAwaiter().GetResult();
        if (_kernel.Manager.List().Single(m => m.Id == "lua").State != ModuleState.Enabled) throw new InvalidOperationException("the lua module did not start");
        // Scripts load on the client loop once the kernel has started: wait for the handler to be there.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_kernel.Events.HasListeners<MessageEvent>())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException("the Lua script did not subscribe to message events within 10 s");
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
    public static int Loop(TimeSpan duration)
    {
        var benchmark = new LuaDispatchBenchmarks();
        benchmark.Setup();
        try
        {
            var events = 0L;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                for (var i = 0; i < 10_000; i++) benchmark.PublishToLuaHandler();
                events += 10_000;
            }
            Console.WriteLine($"lua-dispatch-loop: {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s, {clock.Elapsed.TotalNanoseconds / events:0} ns each");
            return 0;
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    /// <summary>One MessageEvent published to the bus, handled by the Lua script.</summary>
    [Benchmark]
    public EventResult PublishToLuaHandler() => _kernel.Events.Publish(_message);
}
