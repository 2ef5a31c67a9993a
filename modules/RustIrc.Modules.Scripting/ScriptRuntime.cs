using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// One language: what an engine module gives the script core. Everything else (the registry, commands,
/// limits, permissions, the irc.* API) lives in the core.
/// </summary>
public interface IScriptRuntime
{
    /// <summary>The language's short name, also the command (<c>lua</c> for <c>/lua</c>) and the identity kind.</summary>
    string Language { get; }

    /// <summary>The file extension of its scripts, with the dot (<c>.lua</c>).</summary>
    string FileExtension { get; }

    /// <summary>
    /// Makes a fresh, sandboxed interpreter for one script, with <paramref name="api"/> bound as the global
    /// <c>irc</c> table and <paramref name="limits"/> enforced.
    /// </summary>
    IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits);
}

/// <summary>One script's interpreter. Used from the client loop only. Disposing it frees the interpreter.</summary>
public interface IScriptInstance : IDisposable
{
    /// <summary>Runs a chunk of source; returns what it returned (converted), e.g. the metadata table.</summary>
    /// <exception cref="ScriptException">It failed: a Lua error, a limit, a syntax error.</exception>
    object? Run(string source, string chunkName);

    /// <summary>
    /// The script's global function <paramref name="name"/>, or null when it defines none: how the core
    /// finds hooks such as <c>on_unload</c>. Looking runs none of the script's code.
    /// </summary>
    ScriptFunction? FindFunction(string name);

    /// <summary>Calls a function the script handed over (a handler, a command, a timer callback).</summary>
    /// <exception cref="ScriptException">It failed or hit a limit.</exception>
    object? Call(ScriptFunction function, params object?[] arguments);

    /// <summary>
    /// Calls an event handler with its event: the call made for every event a script listens to, so an
    /// engine may make it its fastest path. By default it is <see cref="Call"/> with the one argument.
    /// </summary>
    /// <exception cref="ScriptException">It failed or hit a limit.</exception>
    object? CallEvent(ScriptFunction function, ScriptEventTable table) => Call(function, table);

    /// <summary>Bytes the interpreter holds now.</summary>
    long MemoryBytes { get; }

    /// <summary>Time spent running the script so far (wall clock while it ran).</summary>
    TimeSpan CpuTime { get; }

    /// <summary>Whether one of its calls is running now (a host function it called is calling back in).</summary>
    bool IsRunning { get; }
}

/// <summary>A function of a script, kept by the host (an event handler, a command, a timer). Opaque to the core.</summary>
public abstract class ScriptFunction
{
    /// <summary>Lets the interpreter drop its reference to the function.</summary>
    public abstract void Release();
}

/// <summary>A script failed; <see cref="Exception.Message"/> is for the user (where, and what).</summary>
public class ScriptException(string message, bool limitExceeded = false) : Exception(message)
{
    /// <summary>True when a resource limit (memory, instructions, time) stopped it: the script is disabled.</summary>
    public bool LimitExceeded { get; } = limitExceeded;
}

/// <summary>Resource limits of one script.</summary>
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
    /// another (a timer every millisecond). 1 or more turns it off.
    /// </summary>
    public double TimeShare { get; init; } = 0.5;

    /// <summary>The span over which <see cref="TimeShare"/> is measured (default 10 s).</summary>
    public TimeSpan ShareWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How much a script may read and write through <c>irc.file</c> and <c>io</c> (default 16 MB per file, 64 MB written per hour).</summary>
    public FileQuota Files { get; init; } = FileQuota.Default;

    /// <summary>The size each of a script's two stores (<c>irc.storage</c>, <c>irc.config</c>) may reach on disk (default 4 MB).</summary>
    public long StoreBytes { get; init; } = 4L << 20;
}
