using System.Runtime.CompilerServices;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Protocol;

/// <summary>
/// Parsed message sources, found by the identity of the source string: the reader pools the strings of
/// sources it has seen (<see cref="IrcStringPool"/>), so every line of one sender brings the same string
/// and is split into nick, user and host once. Bounded: a new source pushes out the one of its pair of
/// slots used longest ago.
/// </summary>
internal sealed class SourceCache
{
    private readonly (string? Source, IrcSource Parsed)[] _slots = new (string?, IrcSource)[4096];

    public IrcSource Parse(string source)
    {
        // Two slots per hash, the one used last first, as in IrcStringPool.
        var index = RuntimeHelpers.GetHashCode(source) & (_slots.Length - 2);
        ref var recent = ref _slots[index];
        ref var older = ref _slots[index + 1];
        if (ReferenceEquals(recent.Source, source)) return recent.Parsed;
        if (ReferenceEquals(older.Source, source))
        {
            (recent, older) = (older, recent);
            return recent.Parsed;
        }
        older = recent;
        recent = (source, IrcSource.Parse(source));
        return recent.Parsed;
    }
}
