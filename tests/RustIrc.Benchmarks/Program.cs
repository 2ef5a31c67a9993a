using BenchmarkDotNet.Running;
using RustIrc.Benchmarks;
using RustIrc.Tests.Shared.Soak;

// Performance goals of RustIrc (docs/performance.md):
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*EventBus*'        event bus (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*ModuleLifecycle*' load + unload + collect (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*IrcParser*'       IRC line tokenize / materialize / format (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*FloodPath*'       channel messages from the socket to the scrollback (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*LuaDispatch*'     one message event to one Lua handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*PythonDispatch*'  one message event to one Python handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*NativeDispatch*'  one message event to one native (C) plugin handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- memory-cycles 1000 [warmup]  memory after N cycles (exit 1 above 5 MB)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- soak --minutes 30 --rate 20000 [--max-slope 0.5]  mixed traffic, reloads, memory slope (docs/reliability.md)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- reload-cycles 10000 [warmup] [--rate 5000]  module and Lua script reloads under traffic (exit 1 above 5 MB)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- startup 5                    rustirc start to prompt, median of N
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- lua-dispatch-loop 10         the Lua dispatch for N seconds, to run under a profiler
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- python-dispatch-loop 10      the same for Python
switch (args)
{
    case ["memory-cycles", .. var rest]:
        return MemoryCycles.Run(
            cycles: Count(rest, 0, "cycles", defaultValue: 1000, minimum: 1),
            warmup: Count(rest, 1, "warm-up cycles", defaultValue: 10, minimum: 0),
            moduleId: "ui");
    case ["soak", .. var rest]:
        return (await SoakRun.RunAsync(RepoPaths.Modules, new SoakOptions
        {
            Duration = TimeSpan.FromMinutes(Option(rest, "--minutes", 30)),
            Rate = (int)Option(rest, "--rate", 20_000),
            MaxSlopeMbPerMinute = Option(rest, "--max-slope", 0.5),
        }, Console.WriteLine)).Count == 0 ? 0 : 1;
    case ["reload-cycles", .. var rest]:
        return (await ReloadCycles.RunAsync(RepoPaths.Modules,
            cycles: Count(rest, 0, "cycles", defaultValue: 10_000, minimum: 1),
            warmup: rest.Length > 1 && !rest[1].StartsWith('-') ? Count(rest, 1, "warm-up cycles", defaultValue: 200, minimum: 0) : 200,
            rate: (int)Option(rest, "--rate", 5_000),
            budget: ReloadCycles.Budget,
            Console.WriteLine)).Count == 0 ? 0 : 1;
    case ["startup", .. var rest]:
        return await StartupTimer.RunAsync(Count(rest, 0, "runs", defaultValue: 5, minimum: 1));
    case ["lua-dispatch-loop", .. var rest]:
        return ScriptDispatchBenchmarks.Loop(new LuaDispatchBenchmarks(), TimeSpan.FromSeconds(Count(rest, 0, "seconds", defaultValue: 10, minimum: 1)));
    case ["python-dispatch-loop", .. var rest]:
        return ScriptDispatchBenchmarks.Loop(new PythonDispatchBenchmarks(), TimeSpan.FromSeconds(Count(rest, 0, "seconds", defaultValue: 10, minimum: 1)));
    case ["native-dispatch-loop", .. var rest]:
        return ScriptDispatchBenchmarks.Loop(new NativeDispatchBenchmarks(), TimeSpan.FromSeconds(Count(rest, 0, "seconds", defaultValue: 10, minimum: 1)));
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(EventBusBenchmarks).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int Count(string[] args, int index, string what, int defaultValue, int minimum)
{
    if (args.Length <= index) return defaultValue;
    if (int.TryParse(args[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum)
    {
        return value;
    }
    Console.Error.WriteLine($"'{args[index]}' is not a valid number of {what}: give a whole number, at least {minimum}.");
    Environment.Exit(2);
    return 0;
}

static double Option(string[] args, string name, double defaultValue)
{
    var at = Array.IndexOf(args, name);
    if (at < 0) return defaultValue;
    if (at + 1 < args.Length && double.TryParse(args[at + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
    {
        return value;
    }
    Console.Error.WriteLine($"{name} needs a positive number after it.");
    Environment.Exit(2);
    return 0;
}
