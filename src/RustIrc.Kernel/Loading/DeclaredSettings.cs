using Microsoft.Extensions.Configuration;
using RustIrc.Sdk;

namespace RustIrc.Kernel.Loading;

/// <summary>
/// The setting names a module's manifest declares (<c>"settings": ["scrollback", "networks.*.host"]</c>),
/// and the check of its config.json section against them, so every module's typos are reported the same way.
/// </summary>
/// <remarks>
/// A name with nothing declared beneath it takes any value, lists and maps included (<c>grants</c>,
/// <c>scripts</c>). Names joined by <c>.</c> declare the keys inside a setting; <c>*</c> stands for any one
/// key, a list index or a name the user chooses. Keys are compared without case, as the configuration does.
/// </remarks>
internal sealed class DeclaredSettings
{
    /// <summary>What the user's messages call the file the settings come from.</summary>
    public const string ConfigFile = "config.json";

    private readonly Node _root = new();

    public DeclaredSettings(IEnumerable<string> names)
    {
        Names = names.ToArray();
        foreach (var name in Names)
        {
            var node = _root;
            foreach (var part in name.Split('.')) node = node.Child(part);
        }
    }

    /// <summary>The names as the manifest gives them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>A name the manifest may declare: parts of letters, digits, <c>-</c> and <c>_</c>, or <c>*</c>, joined by <c>.</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Split('.').All(part => part == "*" || (part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')));

    /// <summary>One message per key of <paramref name="section"/> (module <paramref name="moduleId"/>'s) that is not a declared setting.</summary>
    public IReadOnlyList<string> Check(string moduleId, IConfiguration section)
    {
        var problems = new List<string>();
        Walk(section, _root, $"modules.{moduleId}");
        return problems;

        void Walk(IConfiguration values, Node node, string where)
        {
            foreach (var child in values.GetChildren())
            {
                var path = child.Key.All(char.IsAsciiDigit) ? $"{where}[{child.Key}]" : $"{where}.{child.Key}";
                if (node.Find(child.Key) is not { } next)
                {
                    var hint = Suggestion.For(child.Key, node.Names) is { } near ? $"did you mean {near}?" : $"known: {string.Join(", ", node.Names)}";
                    problems.Add($"{ConfigFile}: {path} is not a setting of module {moduleId} ({hint}); it is ignored");
                }
                else if (!next.TakesAnything)
                {
                    Walk(child, next, path);
                }
            }
        }
    }

    /// <summary>One message per section under <c>modules</c> that names no module in <paramref name="knownIds"/>.</summary>
    public static IReadOnlyList<string> UnknownModules(IConfiguration configuration, IReadOnlyCollection<string> knownIds) =>
        configuration.GetSection("modules").GetChildren()
            .Where(section => !knownIds.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            .Select(section => Suggestion.For(section.Key, knownIds) is { } near
                ? $"{ConfigFile}: modules.{section.Key}: no module '{section.Key}' is known (did you mean {near}?); it is ignored"
                : $"{ConfigFile}: modules.{section.Key}: no module '{section.Key}' is known (found: {string.Join(", ", knownIds.Order(StringComparer.Ordinal))}); it is ignored")
            .ToArray();

    private sealed class Node
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Nothing declared beneath it: any value, list or map is taken as it is.</summary>
        public bool TakesAnything => _children.Count == 0;

        public IEnumerable<string> Names => _children.Keys.Where(k => k != "*");

        public Node Child(string name) => _children.TryGetValue(name, out var node) ? node : _children[name] = new Node();

        public Node? Find(string key) => _children.GetValueOrDefault(key) ?? _children.GetValueOrDefault("*");
    }
}

/// <summary>The "did you mean" of a mistyped name: the nearest candidate, when it is near enough to be meant.</summary>
internal static class Suggestion
{
    public static string? For(string typed, IEnumerable<string> candidates)
    {
        // A long name may carry more typos than a short one; "ab" is not a typo of "tls".
        var allowed = Math.Clamp(typed.Length / 3, 1, 3);
        return candidates
            .Select(c => (Name: c, Distance: EditDistance.Between(c, typed)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
    }
}
