using System.Composition;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Scripting.Lua;

/// <summary>The Lua engine: the script core with a Lua runtime. Unloading stops every script and closes every lua_State.</summary>
[Export(typeof(IModule))]
public sealed class LuaModule : ScriptEngineModule
{
    /// <inheritdoc />
    protected override IScriptRuntime CreateRuntime() => new LuaRuntime(Context.ModuleDirectory);
}

/// <summary>Makes sandboxed Lua states for the script core, and names Lua's types the way Lua does.</summary>
internal sealed class LuaRuntime(string moduleDirectory) : IScriptRuntime
{
    public ScriptLimitKinds Enforces => ScriptLimitKinds.Memory | ScriptLimitKinds.Instructions | ScriptLimitKinds.Time;

    public string TypeName(ScriptValueType type) => type switch
    {
        ScriptValueType.Nil => "nil",
        ScriptValueType.Boolean => "a boolean",
        ScriptValueType.Number => "a number",
        ScriptValueType.String => "a string",
        ScriptValueType.Function => "a function",
        _ => "a table",
    };

    public IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits) => new LuaScript(api, limits, LuaNative.Get(moduleDirectory));
}
