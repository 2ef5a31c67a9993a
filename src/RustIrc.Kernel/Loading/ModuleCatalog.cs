using RustIrc.Sdk;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Loading;

/// <summary>A module as the catalog decided it: loadable, or not and why.</summary>
internal sealed record CatalogEntry(ModuleCandidate Candidate, ModuleState? Blocked, string? Reason)
{
    public string Id => Candidate.Id;
}

/// <summary>
/// Finds modules in the module directories, settles duplicates, checks SDK versions and dependencies,
/// and orders what can load so that every module starts after the ones it needs. Runs no module code.
/// </summary>
internal static class ModuleCatalog
{
    /// <param name="moduleDirectories">Folders holding modules (or a module folder itself).</param>
    /// <param name="knownIds">The id each module folder had when last read, so a broken manifest keeps its module's name.</param>
    public static IReadOnlyList<CatalogEntry> Discover(IEnumerable<string> moduleDirectories, IReadOnlyDictionary<string, string>? knownIds = null)
    {
        string? Known(string folder) => knownIds?.GetValueOrDefault(folder);
        var candidates = new List<ModuleCandidate>();
        foreach (var directory in moduleDirectories.Where(Directory.Exists))
        {
            if (File.Exists(Path.Combine(directory, ManifestReader.FileName)))
            {
                candidates.Add(ManifestReader.Read(directory, Known(directory)));
                continue;
            }
            foreach (var sub in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(sub, ManifestReader.FileName)))
                {
                    candidates.Add(ManifestReader.Read(sub, Known(sub)));
                }
            }
        }
        return Settle(candidates);
    }

    public static IReadOnlyList<CatalogEntry> Settle(IReadOnlyList<ModuleCandidate> candidates)
    {
        var entries = new List<CatalogEntry>();
        var chosen = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);

        foreach (var group in candidates.GroupBy(c => c.Id))
        {
            // The highest version wins; among equal versions, the first found.
            var ranked = group.Select((c, i) => (Candidate: c, Order: i))
                .OrderByDescending(x => x.Candidate.Problem is null)
                .ThenByDescending(x => ParseVersion(x.Candidate.Manifest?.Version))
                .ThenBy(x => x.Order)
                .Select(x => x.Candidate).ToList();
            var winner = ranked[0];
            foreach (var loser in ranked.Skip(1))
            {
                entries.Add(new CatalogEntry(loser, ModuleState.Superseded,
                    $"superseded by {winner.Id} {winner.Manifest?.Version} in {winner.Directory}"));
            }
            var entry = winner.Problem is not null
                ? new CatalogEntry(winner, ModuleState.Faulted, winner.Problem)
                : CheckSdk(winner);
            chosen[winner.Id] = entry;
        }

        // Dependencies: missing, blocked, or in a cycle make a module Incompatible.
        var resolved = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var id in chosen.Keys.Order(StringComparer.Ordinal))
        {
            Resolve(id, chosen, resolved, []);
        }
        entries.AddRange(Order(resolved));
        return entries;
    }

    private static CatalogEntry CheckSdk(ModuleCandidate candidate)
    {
        var manifest = candidate.Manifest!;
        if (!SdkInfo.IsCompatible(System.Version.Parse(manifest.SdkVersion)))
        {
            return new CatalogEntry(candidate, ModuleState.Incompatible,
                $"it targets SDK {manifest.SdkVersion} but this client has SDK {SdkInfo.Version}; rebuild it against RustIrc.Sdk {SdkInfo.Version}");
        }
        return new CatalogEntry(candidate, null, null);
    }

    private static CatalogEntry Resolve(string id, Dictionary<string, CatalogEntry> chosen, Dictionary<string, CatalogEntry> resolved, List<string> path)
    {
        if (resolved.TryGetValue(id, out var done)) return done;
        var entry = chosen[id];
        if (entry.Blocked is not null || entry.Candidate.Manifest is null)
        {
            return resolved[id] = entry;
        }
        path.Add(id);
        foreach (var dependency in entry.Candidate.Manifest.DependsOn)
        {
            var cycleStart = path.IndexOf(dependency);
            if (cycleStart >= 0)
            {
                var cycle = string.Join(" → ", path.Skip(cycleStart).Append(dependency));
                entry = entry with { Blocked = ModuleState.Incompatible, Reason = $"dependency cycle: {cycle}; remove one of these dependencies" };
                break;
            }
            if (!chosen.ContainsKey(dependency))
            {
                entry = entry with { Blocked = ModuleState.Incompatible, Reason = $"it needs module '{dependency}', which was not found in any module directory" };
                break;
            }
            var needed = Resolve(dependency, chosen, resolved, path);
            if (needed.Blocked is ModuleState.Incompatible or ModuleState.Faulted)
            {
                entry = entry with { Blocked = ModuleState.Incompatible, Reason = $"it needs module '{dependency}', which is {needed.Blocked}" };
                break;
            }
        }
        path.RemoveAt(path.Count - 1);
        return resolved[id] = entry;
    }

    /// <summary>Dependencies first; otherwise alphabetical, so the order is the same on every start.</summary>
    private static IEnumerable<CatalogEntry> Order(Dictionary<string, CatalogEntry> resolved)
    {
        var ordered = new List<CatalogEntry>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string id)
        {
            if (!visited.Add(id) || !resolved.TryGetValue(id, out var entry)) return;
            if (entry.Blocked is null)
            {
                foreach (var dependency in entry.Candidate.Manifest!.DependsOn) Visit(dependency);
            }
            ordered.Add(entry);
        }
        foreach (var id in resolved.Keys.Order(StringComparer.Ordinal)) Visit(id);
        return ordered;
    }

    private static System.Version ParseVersion(string? text)
    {
        var core = text?.Split('-', '+')[0];
        return System.Version.TryParse(core, out var version) ? version : new System.Version(0, 0);
    }
}
