using System.Globalization;

namespace RustIrc.Modules.Scripting;

/// <summary>How values look when shown to the user (<c>/lua eval</c> results).</summary>
internal static class ScriptValues
{
    public static string Describe(object? value) => value switch
    {
        null => "nil",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => s,
        ScriptTable t => "{" + string.Join(", ", t.Array.Select(Describe).Concat(t.Fields.Select(f => $"{f.Key} = {Describe(f.Value)}"))) + "}",
        ScriptFunction => "function",
        _ => value.ToString() ?? "",
    };
}
