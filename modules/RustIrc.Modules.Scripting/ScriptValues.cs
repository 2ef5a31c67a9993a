using System.Globalization;

namespace RustIrc.Modules.Scripting;

/// <summary>The types of the value model every engine converts to and from.</summary>
public enum ScriptValueType
{
    /// <summary>No value: <c>null</c> (Lua's nil, Python's None).</summary>
    Nil,
    /// <summary><see cref="bool"/>.</summary>
    Boolean,
    /// <summary><see cref="long"/> for whole numbers, <see cref="double"/> otherwise.</summary>
    Number,
    /// <summary><see cref="string"/> (UTF-16 here; the engine converts to its own strings).</summary>
    String,
    /// <summary>
    /// Values in order: a <see cref="ScriptTable"/> with only <see cref="ScriptTable.Array"/>, or in events
    /// an <see cref="IReadOnlyList{T}"/> of strings (the channels of a quit, the parameters of a numeric).
    /// </summary>
    List,
    /// <summary>
    /// Values by name: a <see cref="ScriptTable"/> with <see cref="ScriptTable.Fields"/> (a Lua table may
    /// have a list part too), a <see cref="ScriptEventTable"/>, or in events an
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of strings (IRCv3 tags).
    /// </summary>
    Map,
    /// <summary>A <see cref="ScriptFunction"/> of the script's own.</summary>
    Function,
}

/// <summary>
/// The value model between the core and the engines: what arguments arrive as (<see cref="ScriptArguments"/>),
/// what API functions return, what event tables hold, and what engines hand back. Nothing else crosses:
/// an API function returning anything else is a bug in the core, found by <see cref="Check"/>.
/// </summary>
public static class ScriptValues
{
    /// <summary>The model type of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">It is not a script value.</exception>
    public static ScriptValueType TypeOf(object? value) => value switch
    {
        null => ScriptValueType.Nil,
        bool => ScriptValueType.Boolean,
        long or double => ScriptValueType.Number,
        string => ScriptValueType.String,
        ScriptTable { Fields.Count: 0 } => ScriptValueType.List,
        ScriptTable or ScriptEventTable or IReadOnlyDictionary<string, string> => ScriptValueType.Map,
        IReadOnlyList<string> => ScriptValueType.List,
        ScriptFunction => ScriptValueType.Function,
        _ => throw new ArgumentException($"a {value.GetType().Name} is not a script value"),
    };

    /// <summary>
    /// <paramref name="value"/>, checked to be a script value all the way down (what an API function
    /// returns goes through here before any engine converts it).
    /// </summary>
    /// <exception cref="InvalidOperationException">It, or something in it, is not a script value.</exception>
    public static object? Check(object? value, string what)
    {
        try
        {
            if (value is ScriptTable table)
            {
                foreach (var item in table.Array) Check(item, what);
                foreach (var item in table.Fields.Values) Check(item, what);
            }
            else
            {
                TypeOf(value);
            }
            return value;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{what} returned a value outside the script value model: {ex.Message}");
        }
    }

    /// <summary>The words for a value's type in the script's own language (<c>nil</c>, <c>a table</c>).</summary>
    public static string NameOf(object? value, IScriptRuntime language)
    {
        try
        {
            return language.TypeName(TypeOf(value));
        }
        catch (ArgumentException)
        {
            return value!.GetType().Name;
        }
    }

    /// <summary>A float as Lua and Python write one: <c>2.0</c> (not an integer), <c>0.5</c>, <c>1e+20</c>, <c>inf</c>, <c>nan</c>.</summary>
    public static string Float(double d) =>
        double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e16 ? d.ToString("0.0", CultureInfo.InvariantCulture)
        : double.IsNaN(d) ? "nan" : double.IsInfinity(d) ? (d > 0 ? "inf" : "-inf")
        : d.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    /// <summary>
    /// A value for the user to read (eval results), neutral but for the language's word for nothing:
    /// <c>{1, 2, key = value}</c> for a table.
    /// </summary>
    public static string Show(object? value, IScriptRuntime language) => value switch
    {
        null => language.TypeName(ScriptValueType.Nil),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => s,
        ScriptTable t => "{" + string.Join(", ", t.Array.Select(v => Show(v, language)).Concat(t.Fields.Select(f => $"{f.Key} = {Show(f.Value, language)}"))) + "}",
        ScriptFunction => "function",
        _ => value.ToString() ?? "",
    };
}
