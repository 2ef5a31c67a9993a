using RustIrc.Sdk.Irc;

namespace RustIrc.Samples.Seen;

/// <summary>
/// The last sighting of each nick on each network, at most <c>capacity</c> of them: recording one more
/// drops the one seen longest ago. Nicks are compared with their network's case mapping.
/// </summary>
internal sealed class SeenBook(int capacity)
{
    // Least recently seen first, so dropping the oldest and moving a nick to the end cost nothing.
    private readonly LinkedList<Sighting> _byAge = new();
    private readonly Dictionary<string, NetworkTable> _networks = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _byAge.Count;

    /// <summary>Goes up with every change, so a saver can tell whether there is anything new to write.</summary>
    public long Version { get; private set; }

    /// <summary>Every sighting, least recently seen first.</summary>
    public IEnumerable<Sighting> OldestFirst => _byAge;

    /// <summary>The case mapping the network's nicks are compared with, for those networks with sightings.</summary>
    public IEnumerable<(string Network, CaseMapping Mapping)> Mappings => _networks.Select(n => (n.Key, n.Value.Mapping));

    /// <summary>Keeps <paramref name="sighting"/> unless the nick was already seen later than that.</summary>
    public void Record(Sighting sighting, CaseMapping mapping)
    {
        var table = TableOf(sighting.Network, mapping);
        if (table.Nicks.TryGetValue(sighting.Nick, out var known))
        {
            if (known.Value.Time > sighting.Time) return; // replayed history (server-time) older than what we know
            _byAge.Remove(known);
            table.Nicks.Remove(sighting.Nick);
        }
        table.Nicks[sighting.Nick] = _byAge.AddLast(sighting);
        while (_byAge.Count > capacity) Drop(_byAge.First!);
        Version++;
    }

    public Sighting? Find(string network, string nick, CaseMapping mapping) =>
        _networks.ContainsKey(network) && TableOf(network, mapping).Nicks.TryGetValue(nick, out var node) ? node.Value : null;

    private void Drop(LinkedListNode<Sighting> node)
    {
        _byAge.Remove(node);
        _networks[node.Value.Network].Nicks.Remove(node.Value.Nick);
    }

    /// <summary>The network's nicks, keyed again when the server announced another case mapping than the one they were stored under.</summary>
    private NetworkTable TableOf(string network, CaseMapping mapping)
    {
        if (_networks.TryGetValue(network, out var table) && table.Mapping == mapping) return table;
        var fresh = new NetworkTable(mapping);
        _networks[network] = fresh;
        if (table is null) return fresh;
        foreach (var node in table.Nicks.Values.OrderBy(n => n.Value.Time))
        {
            // Two nicks that were different before may be one now; the later sighting wins.
            if (fresh.Nicks.Remove(node.Value.Nick, out var earlier)) _byAge.Remove(earlier);
            fresh.Nicks[node.Value.Nick] = node;
        }
        Version++;
        return fresh;
    }

    private sealed class NetworkTable(CaseMapping mapping)
    {
        public CaseMapping Mapping { get; } = mapping;

        public Dictionary<string, LinkedListNode<Sighting>> Nicks { get; } = new(IrcCaseMapping.Comparer(mapping));
    }
}
