using System.Composition;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Native;

/// <summary>
/// Native plugins: the script core with a loader of shared libraries instead of an interpreter, so a plugin
/// has what a script has (an identity, grants, owned commands, hooks and timers, storage, /plugin, the
/// catalog). Unloading the module unloads every plugin first.
/// </summary>
[Export(typeof(IModule))]
public sealed class NativeModule : ScriptEngineModule
{
    /// <inheritdoc />
    protected override IScriptRuntime CreateRuntime() => new NativeRuntime(Context.ModuleDirectory);
}

/// <summary>Loads plugins for the script core; they enforce no limits (native code cannot be stopped mid-call).</summary>
internal sealed class NativeRuntime(string moduleDirectory) : IScriptRuntime
{
    public ScriptLimitKinds Enforces => ScriptLimitKinds.None;

    public string? Noun => "native plugin";

    public bool Evaluates => false;

    public bool ReadsSource => false;

    /// <summary><c>librainbow.so</c> (what cmake and cargo build) is known as <c>rainbow</c>, like <c>rainbow.so</c>.</summary>
    public string NameOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Length > 3 && name.StartsWith("lib", StringComparison.Ordinal) ? name[3..] : name;
    }

    public string TypeName(ScriptValueType type) => type switch
    {
        ScriptValueType.Nil => "NULL",
        ScriptValueType.Boolean => "a flag",
        ScriptValueType.Number => "a number",
        ScriptValueType.String => "a string",
        ScriptValueType.Function => "a function pointer",
        _ => "a list",
    };

    public IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits) =>
        new NativePlugin(scriptName, api, NativeShim.Get(moduleDirectory));
}
