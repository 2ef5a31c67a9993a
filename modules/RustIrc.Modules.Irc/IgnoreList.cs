using System.Text.Json;
using System.Text.Json.Nodes;
using RustIrc.Sdk;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>What an ignore hides; <see cref="All"/> when none is named.</summary>
[Flags]
internal enum IgnoreLevels
{
    None = 0,
    /// <summary><c>msgs</c>: messages and actions, in channels and in private.</summary>
    Messages = 1,
    /// <summary><c>notices</c>.</summary>
    Notices = 2,
    /// <summary><c>ctcps</c>: CTCP requests (not answered either) and replies.</summary>
    Ctcps = 4,
    /// <summary><c>joins</c>: joins, parts and quits.</summary>
    Joins = 8,
    /// <summary><c>nicks</c>: nick changes.</summary>
    Nicks = 16,
    All = Messages | Notices | Ctcps | Joins | Nicks,
}

/// <summary>One ignore: a <c>nick!user@host</c> mask with wildcards, and what it hides.</summary>
internal sealed record IgnoreEntry(string Mask, IgnoreLevels Levels)
{
    public string LevelNames => IgnoreList.Format(Levels);
}

/// <summary>
/// The people whose lines are not shown (<c>/ignore</c>), for every network, kept in
/// <c>ignores.json</c> in the module's data folder so they survive a reload and a restart. Their events
/// are still published: a script still sees them; only the buffers do not.
/// </summary>
internal sealed class IgnoreList
{
    private static readonly (string Name, IgnoreLevels Level)[] Names =
        [("msgs", IgnoreLevels.Messages), ("notices", IgnoreLevels.Notices), ("ctcps", IgnoreLevels.Ctcps), ("joins", IgnoreLevels.Joins), ("nicks", IgnoreLevels.Nicks), ("all", IgnoreLevels.All)];

    private readonly List<IgnoreEntry> _entries = [];
    private readonly string? _path;

    private IgnoreList(string? path) => _path = path;

    /// <summary>How many ignores there are: the one check every shown line pays.</summary>
    public int Count => _entries.Count;

    public IReadOnlyList<IgnoreEntry> Entries => _entries;

    /// <summary>The list saved in <paramref name="path"/> (empty when there is none); problems with the file are added to <paramref name="problems"/>.</summary>
    public static IgnoreList Load(string? path, List<string> problems)
    {
        var list = new IgnoreList(path);
        if (path is null || !File.Exists(path)) return list;
        try
        {
            foreach (var node in JsonNode.Parse(File.ReadAllText(path))?["ignores"]?.AsArray() ?? [])
            {
                if (node?["mask"]?.GetValue<string>() is not { Length: > 0 } mask) continue;
                var levels = TryParseLevels(node["levels"]?.GetValue<string>() ?? "all", out var parsed, out _) ? parsed : IgnoreLevels.All;
                list._entries.Add(new IgnoreEntry(Normalize(mask), levels));
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            problems.Add($"The ignore list {path} could not be read ({ex.Message}); starting with none. Fix or delete the file.");
        }
        return list;
    }

    /// <summary>Adds an ignore, or changes the levels of the one with the same mask; saves. Returns the entry as stored.</summary>
    public IgnoreEntry Add(string mask, IgnoreLevels levels)
    {
        var entry = new IgnoreEntry(Normalize(mask), levels);
        var at = IndexOf(entry.Mask);
        if (at >= 0) _entries[at] = entry;
        else _entries.Add(entry);
        Save();
        return entry;
    }

    /// <summary>Removes the ignore with this mask (as <see cref="Normalize"/> writes it) or at this 1-based position; saves. Null when there is none.</summary>
    public IgnoreEntry? Remove(string maskOrNumber)
    {
        var at = int.TryParse(maskOrNumber, out var number) && number >= 1 && number <= _entries.Count ? number - 1 : IndexOf(Normalize(maskOrNumber));
        if (at < 0) return null;
        var removed = _entries[at];
        _entries.RemoveAt(at);
        Save();
        return removed;
    }

    /// <summary>Whether a line of kind <paramref name="level"/> from this source is hidden; letters compare under the network's case mapping.</summary>
    public bool Ignores(string? nick, string? user, string? host, IgnoreLevels level, CaseMapping mapping)
    {
        if (nick is null || _entries.Count == 0) return false;
        var source = $"{nick}!{user ?? "*"}@{host ?? "*"}";
        foreach (var entry in _entries)
        {
            if ((entry.Levels & level) != 0 && IrcMask.Matches(entry.Mask, source, mapping)) return true;
        }
        return false;
    }

    /// <summary>A full mask: <c>nick</c> → <c>nick!*@*</c>, <c>user@host</c> → <c>*!user@host</c>, <c>nick!user</c> → <c>nick!user@*</c>.</summary>
    public static string Normalize(string mask)
    {
        var bang = mask.IndexOf('!');
        var at = mask.IndexOf('@');
        if (bang < 0 && at < 0) return mask + "!*@*";
        if (bang < 0) return "*!" + mask;
        if (at < 0) return mask + "@*";
        return mask;
    }

    /// <summary>Reads <c>msgs,notices,…</c> (commas or spaces, any case).</summary>
    public static bool TryParseLevels(string text, out IgnoreLevels levels, out string error)
    {
        levels = IgnoreLevels.None;
        error = "";
        foreach (var word in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var found = Array.FindIndex(Names, n => string.Equals(n.Name, word, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                var near = Names.MinBy(n => EditDistance.Between(n.Name, word.ToLowerInvariant())).Name;
                error = $"'{word}' is not an ignore level{(EditDistance.Between(near, word.ToLowerInvariant()) <= 2 ? $"; did you mean '{near}'?" : "")} (levels: {string.Join(", ", Names.Select(n => n.Name))})";
                return false;
            }
            levels |= Names[found].Level;
        }
        if (levels == IgnoreLevels.None) levels = IgnoreLevels.All;
        return true;
    }

    public static string Format(IgnoreLevels levels) =>
        levels == IgnoreLevels.All ? "all" : string.Join(',', Names.Where(n => n.Level != IgnoreLevels.All && (levels & n.Level) != 0).Select(n => n.Name));

    // Masks compare as the widest case mapping folds them: one list serves networks of every mapping.
    private static readonly StringComparer MaskComparer = IrcCaseMapping.Comparer(CaseMapping.Rfc1459);

    private int IndexOf(string mask) => _entries.FindIndex(e => MaskComparer.Equals(e.Mask, mask));

    private void Save()
    {
        if (_path is null) return;
        var entries = new JsonArray();
        foreach (var entry in _entries) entries.Add(new JsonObject { ["mask"] = entry.Mask, ["levels"] = entry.LevelNames });
        AtomicFile.WriteAllText(_path, new JsonObject { ["ignores"] = entries }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
