// dotnet run -c Release --project tests/RustIrc.Fuzz -- [--inputs N] [--seed S] [--target NAME|all] [--seconds T] [--jobs J] [--crashes DIR]
using System.Globalization;
using RustIrc.Fuzz;

var inputs = (long?)null;
var seconds = (double?)null;
var seed = 1;
var target = "all";
var jobs = 1;
var crashDirectory = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "fuzz-crashes");
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--inputs": inputs = long.Parse(Value().Replace("_", ""), CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--target": target = Value(); break;
        case "--crashes": crashDirectory = Path.GetFullPath(Value()); break;
        case "--jobs": jobs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: [--inputs N] [--seed S] [--target NAME|all] [--seconds T] [--jobs J] [--crashes DIR]");
            Console.Error.WriteLine($"targets: {string.Join(", ", Fuzzer.TargetNames)}");
            return 2;
    }
}

var targets = target == "all" ? Fuzzer.TargetNames : target.Split(',');
// --inputs is the total, shared out by Fuzzer.ShareOf; --seconds bounds each target. Neither: a million inputs.
var total = inputs ?? (seconds is null ? 1_000_000 : (long?)null);
var shares = targets.Sum(Fuzzer.ShareOf);
var perTarget = targets.ToDictionary(t => t, t => total is { } n ? Math.Max(1, (long)Math.Round(n * Fuzzer.ShareOf(t) / shares)) : long.MaxValue);
var options = new FuzzOptions
{
    Targets = targets,
    TimePerTarget = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
    Seed = seed,
    CrashDirectory = crashDirectory,
    Jobs = jobs,
};
Console.WriteLine($"RustIrc fuzzer: seed {seed}, {targets.Count} target(s), " +
    (total is { } planned ? $"{planned:N0} inputs in all" : "") +
    (options.TimePerTarget is { } t ? $"{(total is null ? "" : ", ")}at most {t.TotalSeconds:0.#} s per target" : "") +
    $", {jobs} at a time, {Environment.ProcessorCount} cores");

var wall = System.Diagnostics.Stopwatch.StartNew();
var results = Fuzzer.Run(options, perTarget, crash =>
    Console.WriteLine($"CRASH {crash.Target}: {crash.Problem}{Environment.NewLine}  input: {crash.InputPath}{Environment.NewLine}{crash.StackTrace}"));

Console.WriteLine();
Console.WriteLine($"{"target",-12} {"inputs",14} {"seconds",9} {"inputs/s",11} {"crashes",8}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Target,-12} {r.Inputs,14:N0} {r.Elapsed.TotalSeconds,9:0.0} {r.InputsPerSecond,11:N0} {r.Crashes.Count,8}{(r.Hung ? "  (hung)" : "")}");
}
var inputsRun = results.Sum(r => r.Inputs);
var elapsed = results.Sum(r => r.Elapsed.TotalSeconds);
var crashes = results.Sum(r => r.Crashes.Count);
Console.WriteLine($"{"total",-12} {inputsRun,14:N0} {elapsed,9:0.0} {(elapsed > 0 ? inputsRun / elapsed : 0),11:N0} {crashes,8}");
Console.WriteLine($"wall time {wall.Elapsed.TotalSeconds:0} s ({jobs} target(s) at a time; seconds and inputs/s above are each target's own)");
if (crashes > 0) Console.WriteLine($"crashing inputs are in {crashDirectory}");
// A hung input's thread cannot be stopped; leaving the process is the only way out of it.
if (results.Any(r => r.Hung)) Environment.Exit(1);
return crashes > 0 ? 1 : 0;
