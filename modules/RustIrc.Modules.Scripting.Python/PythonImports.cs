using Microsoft.Extensions.Configuration;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>The modules a script may import: the default allow-list, and what the python module's <c>imports</c> setting adds.</summary>
internal static class PythonImports
{
    /// <summary>Pure computation and text: nothing that reaches files, the network, processes or the interpreter.</summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        "re", "json", "datetime", "time", "math", "random", "collections", "collections.abc", "itertools", "functools",
        "hashlib", "string", "textwrap", "dataclasses", "enum", "typing",
    ];

    public static IReadOnlyList<string> From(IConfiguration settings) =>
        Defaults.Concat(settings.GetSection("imports").GetChildren().Select(c => c.Value).OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0))
            .Distinct(StringComparer.Ordinal).ToArray();
}
