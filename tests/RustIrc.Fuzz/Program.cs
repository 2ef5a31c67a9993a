// dotnet run -c Release --project tests/RustIrc.Fuzz -- [--inputs N] [--seed S] [--target NAME|all] [--seconds T]
using System.Globalization;
using RustIrc.Fuzz;

var inputs = (long?)null;
var seconds = (double?)null;
var seed = 1;
var target = "all";
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
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: [--inputs N] [--seed S] [--target NAME|all] [--seconds T] [--crashes DIR]");
            Console.Error.WriteLine($"targets: {string.Join(", ", Fuzzer.TargetNames)}");
            return 2;
    }
}

var targets = target == "all" ? Fuzzer.TargetNames : target.Split(',');
// --inputs is the total, shared evenly; --seconds bounds each target. Neither: a million inputs.
var options = new FuzzOptions
{
    Targets = targets,
    InputsPerTarget = inputs is { } total ? Math.Max(1, total / targets.Count) : seconds is null ? 1_000_000 / targets.Count : long.MaxValue,
    TimePerTarget = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
    Seed = seed,
    CrashDirectory = crashDirectory,
};
Console.WriteLine($"RustIrc fuzzer: seed {seed}, {targets.Count} target(s), " +
    (options.InputsPerTarget == long.MaxValue ? "" : $"{options.InputsPerTarget:N0} inputs each") +
    (options.TimePerTarget is { } t ? $"{(options.InputsPerTarget == long.MaxValue ? "" : ", at most ")}{t.TotalSeconds:0.#} s each" : "") +
    $", {Environment.ProcessorCount} cores");

var results = Fuzzer.Run(options, crash =>
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
if (crashes > 0) Console.WriteLine($"crashing inputs are in {crashDirectory}");
// A hung input's thread cannot be stopped; leaving the process is the only way out of it.
if (results.Any(r => r.Hung)) Environment.Exit(1);
return crashes > 0 ? 1 : 0;
