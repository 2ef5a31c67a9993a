using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// The Python engine: the script core with a CPython runtime. Unloading stops every script and lets go of
/// every Python object the module holds; the interpreter itself stays in the process (it cannot start twice).
/// </summary>
[Export(typeof(IModule))]
public sealed class PythonModule : ScriptEngineModule
{
    /// <inheritdoc />
    protected override IScriptRuntime CreateRuntime() => new PythonRuntime(StartInterpreter, Context.DataDirectory);

    /// <summary>Finds libpython and starts the interpreter: on the first Python script, so a client without one pays nothing.</summary>
    /// <exception cref="ScriptException">There is no libpython, or the interpreter could not be prepared.</exception>
    private PythonInterpreter StartInterpreter()
    {
        var settings = Context.Settings;
        // The interpreter cannot start twice: once running, a reload of this module uses the one it has.
        var library = PythonEngineStart.Running() is { } running
            ? (Path: running, Problem: null)
            : PythonLibrary.Find(settings["library"], Environment.GetEnvironmentVariable, PythonLibrary.AskPython);
        if (library.Problem is { } problem) throw new ScriptException(problem);
        var interpreter = PythonInterpreter.Start(library.Path!, Context.ModuleDirectory, PythonImports.From(settings));
        Context.Logger.LogInformation("python: CPython started from {Library}", library.Path);
        if (interpreter.Unavailable.Count > 0)
        {
            Context.Logger.LogWarning("python: scripts cannot import {Modules}: not found (check the imports setting)", string.Join(", ", interpreter.Unavailable));
        }
        return interpreter;
    }
}

/// <summary>Makes a sandboxed namespace per script in the shared interpreter, and names Python's types the way Python does.</summary>
internal sealed class PythonRuntime(Func<PythonInterpreter> start, string dataDirectory) : IScriptRuntime, IDisposable
{
    private PythonInterpreter? _interpreter;

    private PythonInterpreter Interpreter => _interpreter ??= start();

    // Before the interpreter starts, what it will enforce: memory is counted unless something else in the
    // process started CPython first.
    public ScriptLimitKinds Enforces => ScriptLimitKinds.Time | (_interpreter?.CountsMemory ?? true ? ScriptLimitKinds.Memory : ScriptLimitKinds.None);

    public string TypeName(ScriptValueType type) => type switch
    {
        ScriptValueType.Nil => "None",
        ScriptValueType.Boolean => "a bool",
        ScriptValueType.Number => "a number",
        ScriptValueType.String => "a str",
        ScriptValueType.List => "a list",
        ScriptValueType.Function => "a function",
        _ => "a dict",
    };

    // As Python's repr writes values, but for a string on its own, shown as it is.
    public string Show(object? value) => value is string text ? text : Repr(value);

    private string Repr(object? value) => value switch
    {
        bool b => b ? "True" : "False",
        string s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        double d => ScriptValues.Float(d),
        ScriptTable { Fields.Count: 0 } list => "[" + string.Join(", ", list.Array.Select(Repr)) + "]",
        ScriptTable map => "{" + string.Join(", ", map.Fields.Select(f => $"{Repr(f.Key)}: {Repr(f.Value)}")) + "}",
        _ => ScriptValues.Show(value, this),
    };

    public string? Status => _interpreter is { } running ? running.Status() : "CPython starts with the first Python script";

    public ScriptMetadata? Peek(string source, string path) => Interpreter.Peek(source);

    public IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits)
    {
        var interpreter = Interpreter;
        // open() resolves relative paths here, so it exists from the start (writing still needs a grant).
        var data = Path.Combine(dataDirectory, scriptName);
        Directory.CreateDirectory(data);
        return new PythonScript(interpreter, scriptName, data, api, limits);
    }

    public void Dispose()
    {
        _interpreter?.Dispose();
        _interpreter = null;
    }
}
