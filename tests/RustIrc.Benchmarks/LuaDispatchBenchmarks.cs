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
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>One MessageEvent published to the bus, handled by the Lua script.</summary>
    [Benchmark]
    public EventResult PublishToLuaHandler() => _kernel.Events.Publish(_message);
}
