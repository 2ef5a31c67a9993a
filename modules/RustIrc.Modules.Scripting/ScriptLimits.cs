using System.Globalization;
using Microsoft.Extensions.Configuration;
using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Scripting;

/// <summary>The limits an engine can enforce inside a call (<see cref="IScriptRuntime.Enforces"/>).</summary>
[Flags]
public enum ScriptLimitKinds
{
    /// <summary>None: the core can only account the time calls took, afterwards.</summary>
    None = 0,
    /// <summary>The memory the interpreter holds.</summary>
    Memory = 1,
    /// <summary>The instructions (or steps) one call runs.</summary>
    Instructions = 2,
    /// <summary>The wall-clock time one call takes.</summary>
    Time = 4,
}

/// <summary>
/// Resource limits of one script, and the decision and the words that stop it: an engine counts (memory,
/// instructions, the time since the call began) and asks <see cref="Exceeded"/>, so every language stops a
/// script for the same reasons with the same message.
/// </summary>
public sealed record ScriptLimits
{
    /// <summary>
    /// Memory the interpreter may hold (default 64 MB): room for a 16 MB string while it is built (twice
    /// its size), a table of some hundred thousand entries and a scrollback, and still a runaway
    /// allocation stopped within a second.
    /// </summary>
    public long MemoryBytes { get; init; } = 64L << 20;

    /// <summary>VM instructions one call (load, handler, command, timer) may run (default 50 million).</summary>
    public long InstructionsPerCall { get; init; } = 50_000_000;

    /// <summary>Wall-clock time one call may take (default 2 s).</summary>
    public TimeSpan TimePerCall { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The share of the client's time a script's calls may take together over <see cref="ShareWindow"/>
    /// (default 0.5): bounds a script whose calls each stay under the per-call limits but come one after
    /// another (a timer every millisecond). 1 or more turns it off. Enforced by the core for every engine.
    /// </summary>
    public double TimeShare { get; init; } = 0.5;

    /// <summary>The span over which <see cref="TimeShare"/> is measured (default 10 s).</summary>
    public TimeSpan ShareWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How much a script may read and write through <c>irc.file</c> and <c>io</c> (default 16 MB per file, 64 MB written per hour).</summary>
    public FileQuota Files { get; init; } = FileQuota.Default;

    /// <summary>The size each of a script's two stores (<c>irc.storage</c>, <c>irc.config</c>) may reach on disk (default 4 MB).</summary>
    public long StoreBytes { get; init; } = 4L << 20;

    /// <summary>
    /// The limits an engine module's settings give (memoryMb, instructionsPerCall, timePerCallMs,
    /// timeSharePercent, timeShareWindowMs, fileMaxMb, fileWriteMbPerHour, storageMb); a missing, unreadable
    /// or non-positive value keeps its default.
    /// </summary>
    public static ScriptLimits FromSettings(IConfiguration settings)
    {
        double Number(string key, double fallback) =>
            double.TryParse(settings[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
        return new ScriptLimits
        {
            MemoryBytes = (long)(Number("memoryMb", 64) * (1 << 20)),
            InstructionsPerCall = (long)Number("instructionsPerCall", 50_000_000),
            TimePerCall = TimeSpan.FromMilliseconds(Number("timePerCallMs", 2000)),
            TimeShare = Number("timeSharePercent", 50) / 100,
            ShareWindow = TimeSpan.FromMilliseconds(Number("timeShareWindowMs", 10_000)),
            Files = new FileQuota
            {
                MaxFileBytes = (long)(Number("fileMaxMb", 16) * (1 << 20)),
                MaxBytesPerHour = (long)(Number("fileWriteMbPerHour", 64) * (1 << 20)),
            },
            StoreBytes = (long)(Number("storageMb", 4) * (1 << 20)),
        };
    }

    /// <summary>Why the current call must stop, or null: what an engine asks as it counts.</summary>
    /// <param name="memoryBytes">What the interpreter holds now.</param>
    /// <param name="instructions">Instructions the call has run so far.</param>
    /// <param name="elapsedMilliseconds">Time since the call began.</param>
    public string? Exceeded(long memoryBytes, long instructions, long elapsedMilliseconds) =>
        memoryBytes > MemoryBytes ? MemoryReached
        : instructions > InstructionsPerCall ? InstructionsReached
        : elapsedMilliseconds > (long)TimePerCall.TotalMilliseconds ? TimeReached
        : null;

    /// <summary>The message of a script stopped for its memory.</summary>
    public string MemoryReached => $"memory limit of {MemoryBytes >> 20} MB reached";

    /// <summary>The message of a script stopped for the instructions of one call.</summary>
    public string InstructionsReached => $"instruction limit of {InstructionsPerCall:N0} per call reached (an endless loop?)";

    /// <summary>The message of a script stopped for the time of one call.</summary>
    public string TimeReached => $"time limit of {TimePerCall.TotalMilliseconds:0} ms per call reached";

    /// <summary>The message of a script stopped for its share of the client's time (<paramref name="used"/> in the current window).</summary>
    public string ShareReached(TimeSpan used) =>
        $"it took more than {TimeShare * 100:0.#}% of the client's time over {ShareWindow.TotalSeconds:0.#} s ({used.TotalMilliseconds:0} ms)";

    /// <summary>The limits in words, for lists: those <paramref name="enforced"/> inside calls, then the ones the core keeps.</summary>
    public IReadOnlyList<string> Describe(ScriptLimitKinds enforced)
    {
        var perCall = new List<string>();
        if (enforced.HasFlag(ScriptLimitKinds.Instructions)) perCall.Add($"{InstructionsPerCall:N0} instructions");
        if (enforced.HasFlag(ScriptLimitKinds.Time)) perCall.Add($"{TimePerCall.TotalMilliseconds:0} ms");
        var words = new List<string>();
        if (enforced.HasFlag(ScriptLimitKinds.Memory)) words.Add($"memory {MemoryBytes >> 20} MB");
        if (perCall.Count > 0) words.Add($"{string.Join(" and ", perCall)} per call");
        if (TimeShare < 1) words.Add($"{TimeShare * 100:0.#}% of the client's time over {ShareWindow.TotalSeconds:0.#} s");
        words.Add($"files of {Files.MaxFileBytes >> 20} MB, {Files.MaxBytesPerHour >> 20} MB written per hour");
        words.Add($"storage {StoreBytes >> 20} MB");
        return words;
    }
}
