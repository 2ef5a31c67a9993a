namespace RustIrc.Modules.Scripting;

/// <summary>One function of the script API: gets the script's arguments, returns a value for it (or null).</summary>
public delegate object? ScriptApiFunction(ScriptArguments arguments);

/// <summary>
/// The arguments a script passed to an API function, already converted by the engine to plain values:
/// null, bool, long, double, string, <see cref="ScriptTable"/>, <see cref="ScriptFunction"/>. The typed
/// getters throw <see cref="ScriptApiException"/> with a message naming the function and the argument.
/// </summary>
public sealed class ScriptArguments(string function, IReadOnlyList<object?> values)
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
        null => throw Missing(index, name, "a string"),
        var other => throw Wrong(index, name, "a string", other),
    };

    /// <summary>A string argument that may be left out.</summary>
    public string? OptionalString(int index, string name) => this[index] is null ? null : String(index, name);

    /// <summary>A whole-number argument, or <paramref name="fallback"/> when left out.</summary>
    public long Integer(int index, string name, long? fallback = null) => this[index] switch
    {
        long l => l,
        double d when d == Math.Floor(d) => (long)d,
        null when fallback is { } f => f,
        null => throw Missing(index, name, "a number"),
        var other => throw Wrong(index, name, "a whole number", other),
    };

    /// <summary>A boolean argument, or <paramref name="fallback"/> when left out.</summary>
    public bool Boolean(int index, bool fallback) => this[index] switch
    {
        null => fallback,
        bool b => b,
        var other => throw Wrong(index, "flag", "true or false", other),
    };

    /// <summary>A function argument (a handler or callback).</summary>
    public ScriptFunction Callback(int index, string name) => this[index] switch
    {
        ScriptFunction f => f,
        null => throw Missing(index, name, "a function"),
        var other => throw Wrong(index, name, "a function", other),
    };

    /// <summary>A table argument that may be left out.</summary>
    public ScriptTable? OptionalTable(int index, string name) => this[index] switch
    {
        null => null,
        ScriptTable t => t,
        var other => throw Wrong(index, name, "a table", other),
    };

    private ScriptApiException Missing(int index, string name, string what) =>
        new($"irc.{Function}: argument {index + 1} ({name}) is missing; it must be {what}");

    private ScriptApiException Wrong(int index, string name, string what, object value) =>
        new($"irc.{Function}: argument {index + 1} ({name}) must be {what}, not {ScriptTable.TypeName(value)}");
}

/// <summary>A table from a script: its array part in order, and its other keys.</summary>
public sealed class ScriptTable
{
    /// <summary>The values at keys 1, 2, 3 and on, in order.</summary>
    public List<object?> Array { get; } = [];

    /// <summary>The values at string keys.</summary>
    public Dictionary<string, object?> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>How a value's type is named to script authors (<c>a string</c>, <c>nil</c>).</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        bool => "a boolean",
        long or double => "a number",
        string => "a string",
        ScriptTable => "a table",
        ScriptFunction => "a function",
        _ => value.GetType().Name,
    };
}

/// <summary>A script called the API wrongly; the message is shown to the script as its error.</summary>
public sealed class ScriptApiException(string message) : Exception(message);
