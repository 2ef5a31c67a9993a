using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// One language: what an engine module gives the script core. Everything else (the registry, commands,
/// permissions, the irc.* API, the messages that stop a script, the share of the client's time) lives in
/// the core. The engine's name is its module's id and its script files are the extensions its manifest
/// claims (<c>scriptExtensions</c>), so the core names no language.
/// </summary>
public interface IScriptRuntime
{
    /// <summary>
    /// The limits it enforces inside a call, stopping the script with <see cref="ScriptLimits"/>' messages.
    /// The core shows only these as enforced; the share of the client's time it enforces itself.
    /// </summary>
    ScriptLimitKinds Enforces { get; }

    /// <summary>How the language names a type, in errors a script gets (<c>nil</c>, <c>a table</c>; <c>None</c>, <c>a dict</c>).</summary>
    string TypeName(ScriptValueType type);

    /// <summary>A line about the engine itself for <c>/LANG list</c> (its interpreter, what it holds), or null.</summary>
    string? Status => null;

    /// <summary>What the user calls one of its extensions, in messages (<c>native plugin</c>); null: "LANG script".</summary>
    string? Noun => null;

    /// <summary>Whether the user can type code for it (<c>/LANG eval</c>); a loader of compiled plugins cannot.</summary>
    bool Evaluates => true;

    /// <summary>Whether <see cref="IScriptInstance.Load"/> needs the file's text (a compiled plugin is given "" and opens its own file).</summary>
    bool ReadsSource => true;

    /// <summary>The name an extension of this file goes by: by default the file's name without its extension.</summary>
    string NameOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>A value as the language would write it, for <c>/LANG eval</c> results. By default the core's neutral form.</summary>
    string Show(object? value) => ScriptValues.Show(value, this);

    /// <summary>
    /// What a script file says about itself, read without running any of it; null when the language cannot
    /// tell without running the script (the metadata then comes from <see cref="IScriptInstance.Load"/>).
    /// </summary>
    ScriptMetadata? Peek(string source, string path) => null;

    /// <summary>
    /// Makes a fresh, sandboxed interpreter for one script, with <paramref name="api"/> bound as the
    /// language's <c>irc</c> namespace and the limits of <see cref="Enforces"/> enforced.
    /// </summary>
    IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits);
}

/// <summary>One script's interpreter. Used from the client loop only. Disposing it frees the interpreter.</summary>
public interface IScriptInstance : IDisposable
{
    /// <summary>
    /// Runs a script file's source (<paramref name="path"/> names it in errors); returns what the script
    /// declares about itself, or null when it declares nothing (the core then uses the file name).
    /// </summary>
    /// <exception cref="ScriptException">It failed: an error, a limit, a syntax error.</exception>
    ScriptMetadata? Load(string source, string path);

    /// <summary>
    /// Runs code the user typed (<c>/LANG eval</c>); returns every value it gave (<see cref="ScriptValues">script
    /// values</see>), none when it gave nothing to show. Lua returns several; a nil among them is kept.
    /// </summary>
    /// <exception cref="ScriptException">It failed: an error, a limit, a syntax error.</exception>
    IReadOnlyList<object?> Evaluate(string code);

    /// <summary>
    /// The script's global function <paramref name="name"/>, or null when it defines none: how the core
    /// finds hooks such as <c>on_unload</c>. Looking runs none of the script's code.
    /// </summary>
    ScriptFunction? FindFunction(string name);

    /// <summary>Calls a function the script handed over (a handler, a command, a timer callback) with script values.</summary>
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

    /// <summary>
    /// Time spent running the script so far (wall clock while it ran). The engine measures it, on its
    /// cheapest clock, around its own calls; the core accounts it toward the script's share of the client's time.
    /// </summary>
    TimeSpan CpuTime { get; }

    /// <summary>Whether one of its calls is running now (a host function it called is calling back in).</summary>
    bool IsRunning { get; }

    /// <summary>What else <c>/LANG list</c> tells about it (a plugin's API version), or null.</summary>
    string? Detail => null;
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

