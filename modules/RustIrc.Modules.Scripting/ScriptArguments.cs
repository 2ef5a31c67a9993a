namespace RustIrc.Modules.Scripting;

/// <summary>One function of the script API as the core defines it: gets the script's arguments, returns a script value (or null).</summary>
public delegate object? ScriptApiFunction(ScriptArguments arguments);

/// <summary>
/// One function of the script API as an engine calls it: the arguments converted to script values
/// (<see cref="ScriptValues"/>); returns a checked script value, or throws <see cref="ScriptApiException"/>
/// (and any other exception for a failure the engine reports the same way).
/// </summary>
public delegate object? ScriptApiCall(object?[] arguments);

/// <summary>
/// The arguments a script passed to an API function, already converted by the engine to script values
/// (<see cref="ScriptValues"/>). The typed getters throw <see cref="ScriptApiException"/> with a message
/// naming the function, the argument and the types in the script's own language.
/// </summary>
public sealed class ScriptArguments(string function, IReadOnlyList<object?> values, IScriptRuntime language)
{
    /// <summary>The API function called (for error messages).</summary>
    public string Function { get; } = function;

    /// <summary>How many arguments were passed.</summary>
    public int Count => values.Count;

    /// <summary>An argument as passed, or null past the end.</summary>
    public object? this[int index] => index < values.Count ? values[index] : null;

    /// <summary>A string argument (numbers are turned into text).</summary>
    public string String(int index, string name) => this[index] switch
    {
        string s => s,
        long or double => Convert.ToString(this[index], System.Globalization.CultureInfo.InvariantCulture)!,
        null => throw Missing(index, name, ScriptValueType.String),
        var other => throw Wrong(index, name, language.TypeName(ScriptValueType.String), other),
    };

    /// <summary>A string argument that may be left out.</summary>
    public string? OptionalString(int index, string name) => this[index] is null ? null : String(index, name);

    /// <summary>A whole-number argument, or <paramref name="fallback"/> when left out.</summary>
    public long Integer(int index, string name, long? fallback = null) => this[index] switch
    {
        long l => l,
        double d when d == Math.Floor(d) => (long)d,
        null when fallback is { } f => f,
        null => throw Missing(index, name, ScriptValueType.Number),
        var other => throw Wrong(index, name, "a whole number", other),
    };

    /// <summary>A boolean argument, or <paramref name="fallback"/> when left out.</summary>
    public bool Boolean(int index, bool fallback) => this[index] switch
    {
        null => fallback,
        bool b => b,
        var other => throw Wrong(index, "flag", language.TypeName(ScriptValueType.Boolean), other),
    };

    /// <summary>A function argument (a handler or callback).</summary>
    public ScriptFunction Callback(int index, string name) => this[index] switch
    {
        ScriptFunction f => f,
        null => throw Missing(index, name, ScriptValueType.Function),
        var other => throw Wrong(index, name, language.TypeName(ScriptValueType.Function), other),
    };

    /// <summary>A list argument that may be left out.</summary>
    public ScriptTable? OptionalList(int index, string name) => this[index] switch
    {
        null => null,
        ScriptTable { Fields.Count: 0 } t => t,
        var other => throw Wrong(index, name, language.TypeName(ScriptValueType.List), other),
    };

    /// <summary>The words for <paramref name="value"/>'s type in the script's language, for messages of its own.</summary>
    public string TypeNameOf(object? value) => ScriptValues.NameOf(value, language);

    private ScriptApiException Missing(int index, string name, ScriptValueType type) =>
        new($"irc.{Function}: argument {index + 1} ({name}) is missing; it must be {language.TypeName(type)}");

    private ScriptApiException Wrong(int index, string name, string what, object value) =>
        new($"irc.{Function}: argument {index + 1} ({name}) must be {what}, not {TypeNameOf(value)}");
}

/// <summary>
/// A list or a map of the value model (<see cref="ScriptValueType.List"/>, <see cref="ScriptValueType.Map"/>):
/// values in order, values by name, or (from a language whose tables are both, as Lua's) the two at once.
/// </summary>
public sealed class ScriptTable
{
    /// <summary>The values in order (Lua: keys 1, 2, 3 and on; Python: a list).</summary>
    public List<object?> Array { get; } = [];

    /// <summary>The values by name (Lua: string keys; Python: a dict).</summary>
    public Dictionary<string, object?> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A list, even when empty, with <see cref="Fields"/> as named extras (a command's arguments with its
    /// <c>text</c> and <c>buffer</c>): an engine whose lists and maps differ (Python) makes it a list.
    /// </summary>
    public bool IsList { get; init; }

    /// <summary>A list of <paramref name="values"/>.</summary>
    public static ScriptTable ListOf(IEnumerable<object?> values)
    {
        var table = new ScriptTable();
        table.Array.AddRange(values);
        return table;
    }

    /// <summary>A map of <paramref name="fields"/>.</summary>
    public static ScriptTable MapOf(params (string Key, object? Value)[] fields)
    {
        var table = new ScriptTable();
        foreach (var (key, value) in fields) table.Fields[key] = value;
        return table;
    }
}

/// <summary>A script called the API wrongly; the message is shown to the script as its error.</summary>
public sealed class ScriptApiException(string message) : Exception(message);
