using BenchmarkDotNet.Running;
using RustIrc.Benchmarks;

// Performance goals of RustIrc (docs/performance.md):
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*EventBus*'        event bus (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*ModuleLifecycle*' load + unload + collect (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*IrcParser*'       IRC line tokenize / materialize / format (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*FloodPath*'       channel messages from the socket to the scrollback (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*LuaDispatch*'     one message event to one Lua handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*PythonDispatch*'  one message event to one Python handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- --filter '*NativeDispatch*'  one message event to one native (C) plugin handler (BenchmarkDotNet)
//   dotnet run -c Release --project tests/RustIrc.Benchmarks -- memory-cycles 1000 [warmup]  memory after N cycles (exit 1 above 5 MB)
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
