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
        () => new ScriptArgumentsTarget(),
    ];

    /// <summary>Every target's name, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<string> TargetNames { get; } = Factories.Select(f =>
    {
        using var target = f();
        return target.Name;
    }).ToArray();

    /// <summary>Runs each target of <paramref name="options"/> in turn; <paramref name="report"/> hears of each crash as it is found.</summary>
    public static IReadOnlyList<TargetResult> Run(FuzzOptions options, Action<FuzzCrash>? report = null)
    {
        var unknown = options.Targets.Except(TargetNames).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"No fuzz target named {string.Join(", ", unknown)}; the targets are {string.Join(", ", TargetNames)}.");
        Directory.CreateDirectory(options.CrashDirectory);
        var results = new List<TargetResult>();
        foreach (var name in options.Targets)
        {
            var result = RunOne(Factories[Array.IndexOf(TargetNames.ToArray(), name)], options, report);
            results.Add(result);
            if (result.Hung) break; // its thread is still busy with the input; nothing else can run reliably
        }
        return results;
    }

    private static TargetResult RunOne(Func<FuzzTarget> factory, FuzzOptions options, Action<FuzzCrash>? report)
    {
        var run = new TargetRun(factory(), options, report);
        var worker = new Thread(run.Loop, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz" };
        worker.Start();
        var hung = !run.WaitUnlessHung(worker);
        return new TargetResult(run.Name, run.Inputs, run.Elapsed, run.Crashes, hung);
    }

    /// <summary>A stable hash of a target's name, so each target's input stream depends on the seed alone.</summary>
    internal static int StreamSeed(int seed, string target)
    {
        var hash = 2166136261;
        foreach (var c in target) hash = (hash ^ c) * 16777619;
        return seed ^ (int)hash;
    }

    /// <summary>One target's loop on its own thread, and the watch over it.</summary>
    private sealed class TargetRun(FuzzTarget target, FuzzOptions options, Action<FuzzCrash>? report)
    {
        private readonly Dictionary<string, FuzzCrash> _crashes = [];
        private readonly Stopwatch _clock = new();
        private byte[]? _current;
        private long _startedAt; // Stopwatch ticks when the current input began; 0 between inputs
        private volatile bool _done;

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
                for (long i = 0; i < options.InputsPerTarget; i++)
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
                _done = true;
            }
        }

        /// <summary>Waits for the loop to end; false when one input ran past the watchdog (the input is then recorded).</summary>
        public bool WaitUnlessHung(Thread worker)
        {
            var limit = (long)(options.Watchdog.TotalSeconds * Stopwatch.Frequency);
            while (!worker.Join(100))
            {
                var started = Volatile.Read(ref _startedAt);
                if (started != 0 && Stopwatch.GetTimestamp() - started > limit && Volatile.Read(ref _current) is { } input)
                {
                    _clock.Stop();
                    Record($"no answer within {options.Watchdog.TotalSeconds:0} s (an endless loop?)", "", "hang", input);
                    return _done;
                }
            }
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
