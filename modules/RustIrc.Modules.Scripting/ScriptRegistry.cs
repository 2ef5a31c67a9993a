namespace RustIrc.Modules.Scripting;

/// <summary>
/// The scripts of one engine, by name as their files name them: Spy.lua and SPY.lua are two scripts, and
/// <see cref="Find"/> forgives case only when that is unambiguous.
/// </summary>
internal sealed class ScriptRegistry
{
    private readonly Dictionary<string, Script> _scripts = new(StringComparer.Ordinal);

    public int Count => _scripts.Count;

    public IReadOnlyCollection<Script> All => _scripts.Values;

    public IEnumerable<string> Names => _scripts.Keys;

    /// <summary>The scripts ordered by name, as lists show them.</summary>
    public IEnumerable<Script> Ordered => _scripts.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The script named exactly <paramref name="name"/>, or null.</summary>
    public Script? Exact(string name) => _scripts.GetValueOrDefault(name);

    /// <summary>The script named <paramref name="name"/>: exactly, or else the only one whose name differs in case alone.</summary>
    public Script? Find(string? name)
    {
        if (name is null) return null;
        if (_scripts.TryGetValue(name, out var exact)) return exact;
        var matches = _scripts.Values.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public void Add(Script script) => _scripts[script.Name] = script;

    public void Remove(Script script) => _scripts.Remove(script.Name);

    public void Clear() => _scripts.Clear();
}
