using System.Composition;
using System.Text;
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

    // As Lua source writes a value: strings in quotes, so the string "nil" is not nil, and 2.0 is a float.
    public string Show(object? value) => value switch
    {
        string s => Quote(s),
        double d => ScriptValues.Float(d),
        ScriptTable t => "{" + string.Join(", ", t.Array.Select(Show).Concat(t.Fields.Select(f => $"{Key(f.Key)} = {Show(f.Value)}"))) + "}",
        _ => ScriptValues.Show(value, this),
    };

    private static string Key(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? key : $"[{Quote(key)}]";

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\{(int)c}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
