using System.Diagnostics;
using RustIrc.Fuzz.Targets;

namespace RustIrc.Fuzz;

/// <summary>What to fuzz, for how long, and where crashing inputs go.</summary>
public sealed record FuzzOptions
{
    /// <summary>The targets by name (<see cref="Fuzzer.TargetNames"/>), run one after another.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Inputs per target; the run of a target ends at this count or at <see cref="TimePerTarget"/>, whichever comes first.</summary>
    public long InputsPerTarget { get; init; } = long.MaxValue;

    /// <summary>Time per target; unbounded when null.</summary>
    public TimeSpan? TimePerTarget { get; init; }

    /// <summary>The random seed: the same seed gives the same inputs, in the same order.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How long one input may run before it counts as a hang.</summary>
    public TimeSpan Watchdog { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The folder each crashing input is saved in.</summary>
    public required string CrashDirectory { get; init; }

    /// <summary>How many targets run at once, each on its own thread.</summary>
    public int Jobs { get; init; } = 1;
}

/// <summary>One input that made a target throw what its contract does not allow, or hang.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Problem">The exception's type and message, or the hang.</param>
/// <param name="InputPath">The file the input was saved to.</param>
/// <param name="StackTrace">Where it was thrown; empty for a hang.</param>
public sealed record FuzzCrash(string Target, string Problem, string InputPath, string StackTrace);

/// <summary>How one target's run went.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Inputs">How many inputs it was given.</param>
/// <param name="Elapsed">How long they took.</param>
/// <param name="Crashes">The distinct crashes (by exception type and throwing method), each with its first input.</param>
/// <param name="Hung">Whether it stopped on an input that did not finish within the watchdog's time.</param>
public sealed record TargetResult(string Target, long Inputs, TimeSpan Elapsed, IReadOnlyList<FuzzCrash> Crashes, bool Hung)
{
    /// <summary>Inputs per second over the run.</summary>
    public double InputsPerSecond => Elapsed > TimeSpan.Zero ? Inputs / Elapsed.TotalSeconds : 0;
}

/// <summary>Runs the targets with mutated seeds, one input at a time, under a watchdog.</summary>
public static class Fuzzer
{
    private static readonly Func<FuzzTarget>[] Factories =
    [
        () => new LineTarget(), () => new TagTarget(), () => new ISupportTarget(), () => new DispatchTarget(),
        () => new CtcpTarget(), () => new SplitterTarget(), () => new ManifestTarget(), () => new ConfigTarget(),
        () => new ScriptArgumentsTarget(), () => new FramingTarget(),
    ];

    /// <summary>Every target's name, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<string> TargetNames { get; } = Factories.Select(f =>
    {
        using var target = f();
        return target.Name;
    }).ToArray();

    /// <summary>
    /// How much of a run's total each target gets, for a total shared out by the command line: the two
    /// whose every input costs a file or a dozen exceptions get less, so a run is not mostly waiting on them.
    /// </summary>
    public static double ShareOf(string target) => target switch
    {
        "config-json" => 0.25,
        "script-args" => 0.5,
        _ => 1,
    };

    /// <summary>Runs the targets of <paramref name="options"/>, <see cref="FuzzOptions.Jobs"/> at a time; <paramref name="report"/> hears of each crash as it is found.</summary>
    /// <returns>One result per target, in the order of <see cref="FuzzOptions.Targets"/>.</returns>
    public static IReadOnlyList<TargetResult> Run(FuzzOptions options, Action<FuzzCrash>? report = null) =>
        Run(options, options.Targets.ToDictionary(t => t, _ => options.InputsPerTarget), report);

    /// <summary>As <see cref="Run(FuzzOptions, Action{FuzzCrash}?)"/>, with each target's own number of inputs.</summary>
    public static IReadOnlyList<TargetResult> Run(FuzzOptions options, IReadOnlyDictionary<string, long> inputs, Action<FuzzCrash>? report = null)
    {
        var unknown = options.Targets.Except(TargetNames).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"No fuzz target named {string.Join(", ", unknown)}; the targets are {string.Join(", ", TargetNames)}.");
        Directory.CreateDirectory(options.CrashDirectory);
        var pending = new Queue<string>(options.Targets);
        var running = new List<(TargetRun Run, Thread Worker)>();
        var results = new Dictionary<string, TargetResult>();
        while (pending.Count > 0 || running.Count > 0)
        {
            while (running.Count < Math.Max(1, options.Jobs) && pending.TryDequeue(out var name))
            {
                var run = new TargetRun(Factories[TargetNames.ToList().IndexOf(name)](), options, inputs[name], report);
                // The default stack, as the client's own threads have: a recursion that would overflow there should here too.
                var worker = new Thread(run.Loop) { IsBackground = true, Name = $"fuzz {name}" };
                worker.Start();
                running.Add((run, worker));
            }
            Thread.Sleep(100);
            foreach (var (run, worker) in running.ToArray())
            {
                var hung = worker.IsAlive && run.IsHung();
                if (worker.IsAlive && !hung) continue;
                results[run.Name] = new TargetResult(run.Name, run.Inputs, run.Elapsed, run.Crashes, hung);
                running.Remove((run, worker));
                if (hung) pending.Clear(); // its thread is still busy with the input; the run ends with the others
            }
        }
        return options.Targets.Where(results.ContainsKey).Select(t => results[t]).ToArray();
    }

    /// <summary>A stable hash of a target's name, so each target's input stream depends on the seed alone.</summary>
    internal static int StreamSeed(int seed, string target)
    {
        var hash = 2166136261;
        foreach (var c in target) hash = (hash ^ c) * 16777619;
        return seed ^ (int)hash;
    }

    /// <summary>One target's loop on its own thread, and the watch over it.</summary>
    private sealed class TargetRun(FuzzTarget target, FuzzOptions options, long inputs, Action<FuzzCrash>? report)
    {
        private readonly Dictionary<string, FuzzCrash> _crashes = [];
        private readonly Stopwatch _clock = new();
        private byte[]? _current;
        private long _startedAt; // Stopwatch ticks when the current input began; 0 between inputs

        public string Name { get; } = target.Name;

        public long Inputs { get; private set; }

        public TimeSpan Elapsed => _clock.Elapsed;

        public IReadOnlyList<FuzzCrash> Crashes
        {
            get
            {
                lock (_crashes) return [.. _crashes.Values];
            }
        }

        public void Loop()
        {
            try
            {
                var random = new Random(StreamSeed(options.Seed, Name));
                var mutator = new Mutator(Corpus.Load(target.CorpusFolder, target.SeedsAreLines));
                var deadline = options.TimePerTarget is { } time ? Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
                _clock.Start();
                for (long i = 0; i < inputs; i++)
                {
                    // The clock is read once every 256 inputs: reading it costs as much as a short input.
                    if ((i & 255) == 0 && Stopwatch.GetTimestamp() > deadline) break;
                    var input = mutator.Next(random);
                    Volatile.Write(ref _current, input);
                    Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
                    try
                    {
                        target.Run(input);
                    }
                    catch (Exception ex) when (!target.IsRejection(ex))
                    {
                        Record(ex.GetType().FullName + ": " + ex.Message, ex.StackTrace ?? "", Signature(ex), input);
                    }
                    Volatile.Write(ref _startedAt, 0);
                    Inputs = i + 1;
                }
            }
            finally
            {
                _clock.Stop();
                target.Dispose();
            }
        }

        /// <summary>Whether the current input has run past the watchdog's time; the first time it has, the input is recorded.</summary>
        public bool IsHung()
        {
            var started = Volatile.Read(ref _startedAt);
            var limit = (long)(options.Watchdog.TotalSeconds * Stopwatch.Frequency);
            if (started == 0 || Stopwatch.GetTimestamp() - started <= limit || Volatile.Read(ref _current) is not { } input) return false;
            _clock.Stop();
            Record($"no answer within {options.Watchdog.TotalSeconds:0} s (an endless loop?)", "", "hang", input);
            return true;
        }

        private void Record(string problem, string stackTrace, string signature, byte[] input)
        {
            lock (_crashes)
            {
                if (_crashes.ContainsKey(signature)) return;
                var path = Path.Combine(options.CrashDirectory, $"{Name}-{_crashes.Count + 1}-{DateTime.UtcNow:yyyyMMddHHmmss}.bin");
                File.WriteAllBytes(path, input);
                var crash = new FuzzCrash(Name, problem, path, stackTrace);
                _crashes[signature] = crash;
                report?.Invoke(crash);
            }
        }

        /// <summary>Crashes are told apart by exception type and the place in product code that threw: one bug, one entry.</summary>
        private static string Signature(Exception ex)
        {
            if (ex is PropertyViolation) return ex.Message.Split(':')[0];
            var frames = new StackTrace(ex).GetFrames().Where(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("RustIrc", StringComparison.Ordinal) == true).ToList();
            var frame = frames.FirstOrDefault(f => !f.GetMethod()!.DeclaringType!.Namespace!.StartsWith("RustIrc.Fuzz", StringComparison.Ordinal)) ?? frames.FirstOrDefault();
            var method = frame?.GetMethod();
            return $"{ex.GetType().FullName} at {method?.DeclaringType?.FullName}.{method?.Name}+{frame?.GetILOffset()}";
        }
    }
}
