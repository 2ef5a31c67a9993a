using System.Composition;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.FakeScript;

/// <summary>The fake engine: the script core with the fake language's runtime, as the Lua module is with Lua's.</summary>
[Export(typeof(IModule))]
public sealed class FakeModule : ScriptEngineModule
{
    protected override IScriptRuntime CreateRuntime() => new FakeRuntime();
}

/// <summary>The fake language's runtime: its type names, its metadata read without running, its interpreters.</summary>
internal sealed class FakeRuntime : IScriptRuntime
{
    public ScriptLimitKinds Enforces => ScriptLimitKinds.Memory | ScriptLimitKinds.Instructions | ScriptLimitKinds.Time;

    public string TypeName(ScriptValueType type) => type switch
    {
        ScriptValueType.Nil => "nothing",
        ScriptValueType.Boolean => "a flag",
        ScriptValueType.Number => "a number",
        ScriptValueType.String => "a text",
        ScriptValueType.List => "a list",
        ScriptValueType.Map => "a record",
        _ => "a block",
    };

    public ScriptMetadata? Peek(string source, string path) => FakeParser.Metadata(source);

    public IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits) => new FakeScript(api, limits);
}
