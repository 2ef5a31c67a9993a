namespace RustIrc.Modules.Irc.State;

/// <summary>Dictionaries keyed by nick or channel name, rebuilt when the server's CASEMAPPING changes.</summary>
internal static class NameIndex
{
    /// <summary>
    /// The same entries compared by <paramref name="comparer"/>. Names the new rules make equal (<c>[ada]</c>
    /// and <c>{ada}</c> going from ascii to rfc1459) are one name to the server from now on, so the last is kept.
    /// </summary>
    public static Dictionary<string, T> Rekeyed<T>(this Dictionary<string, T> entries, StringComparer comparer)
    {
        var rekeyed = new Dictionary<string, T>(entries.Count, comparer);
        foreach (var (name, value) in entries) rekeyed[name] = value;
        return rekeyed;
    }
}
