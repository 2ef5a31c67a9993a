// Reads what a killed client left in its folders and says what is torn, mixed or older than acknowledged.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RustIrc.Host.Tests;

/// <summary>What the client had printed as done (acknowledged) and what it had been asked to do (sent), when it was killed.</summary>
internal sealed record CrashProgress
{
    /// <summary>The last version the script printed as stored: its storage, config and file hold it or a later one.</summary>
    public long Stored { get; init; }

    /// <summary>The last round whose <c>/module grant</c> was answered, and the last one sent.</summary>
    public int ModuleGranted { get; init; }

    public int Sent { get; init; }

    /// <summary>The last rounds whose <c>/ignore</c> and <c>/unignore</c> were answered.</summary>
    public int Ignored { get; init; }

    public int Unignored { get; init; }

    /// <summary>The last round whose <c>/lua grant</c> was answered.</summary>
    public int ScriptGranted { get; init; }
}

/// <summary>The versions found on disk: where the next life of the client starts.</summary>
internal sealed record CrashVersions(long Stored, int Round, int? Ignored);

/// <summary>
/// The files of the crash test's client: the script's storage, config and written file (version N with
/// its 44 KB payload), the kernel's <c>modules-state.json</c> (logger granted rounds 1…M), the irc
/// module's <c>ignores.json</c> and the Lua engine's <c>scripts.json</c>.
/// </summary>
internal sealed class CrashedFolders(string home)
{
    public const string ScriptName = "crash";

    public string Config => Path.Combine(home, "config");

    public string Data => Path.Combine(home, "data");

    public string Files => Path.Combine(home, "files");

    public string ScriptFile => Path.Combine(Config, "scripts", ScriptName + ".lua");

    public string Storage => Path.Combine(Data, "modules", "lua", ScriptName, "storage.json");

    public string ScriptConfig => Path.Combine(Data, "modules", "lua", ScriptName, "config.json");

    public string Written => Path.Combine(Files, "version.txt");

    public string ModuleState => Path.Combine(Data, "modules-state.json");

    public string Ignores => Path.Combine(Data, "modules", "irc", "ignores.json");

    public string ScriptState => Path.Combine(Data, "modules", "lua", "scripts.json");

    /// <summary>The files checked after each kill.</summary>
    public IReadOnlyList<string> Checked => [Storage, ScriptConfig, Written, ModuleState, Ignores, ScriptState];

    /// <summary>Version <paramref name="seq"/>'s payload: the number all along, so a file that mixes two versions shows it anywhere.</summary>
    public static string Payload(long seq) => string.Concat(Enumerable.Repeat($"v{seq:D9} ", 4000));

    /// <summary>The temporary files of atomic writes found in the folders (leftovers of a killed writer, or of a bug).</summary>
    public IReadOnlyList<string> TemporaryFiles() =>
        [.. new[] { Data, Files }.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*.tmp", SearchOption.AllDirectories))];

    /// <summary>Files a client put aside as damaged.</summary>
    public IReadOnlyList<string> BrokenFiles() =>
        [.. Directory.Exists(Data) ? Directory.EnumerateFiles(Data, "*.broken", SearchOption.AllDirectories) : []];

    /// <summary>Writes every file as the client would after version <paramref name="seq"/> and round <paramref name="round"/> (for the checker's own tests).</summary>
    public void WriteWhole(long seq, int round)
    {
        var rounds = new JsonArray([.. Enumerable.Range(1, round).Select(r => (JsonNode?)$"file_read:/crash/{r}")]);
        Write(Storage, new JsonObject { ["version"] = new JsonObject { ["seq"] = seq, ["payload"] = Payload(seq) } });
        Write(ScriptConfig, new JsonObject { ["seq"] = seq });
        Directory.CreateDirectory(Files);
        File.WriteAllText(Written, $"{seq}\n{Payload(seq)}");
        Write(ModuleState, new JsonObject { ["disabled"] = new JsonArray(), ["granted"] = new JsonObject { ["logger"] = rounds.DeepClone() }, ["revoked"] = new JsonObject() });
        Write(Ignores, new JsonObject { ["ignores"] = new JsonArray() });
        Write(ScriptState, new JsonObject { ["files"] = new JsonObject { [ScriptFile] = new JsonObject { ["name"] = ScriptName, ["permissions"] = rounds } } });
    }

    private static void Write(string path, JsonNode json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Checks every file against <paramref name="progress"/>; <paramref name="problems"/> hears of each one that is torn, mixed, too old or too new.</summary>
    public CrashVersions Check(CrashProgress progress, List<string> problems)
    {
        var stored = CheckStorage(progress, problems);
        var configured = CheckVersion("script config", Number(Read(ScriptConfig, problems)?["seq"]), progress, problems);
        var written = CheckWritten(progress, problems);
        // Each version is stored, then configured, then written: a kill can fall between any two of them.
        if (!(written <= configured && configured <= stored && stored <= written + 1))
        {
            problems.Add($"storage {stored}, config {configured} and version.txt {written} are not the versions of one moment");
        }
        var round = CheckModuleState(progress, problems);
        var ignored = CheckIgnores(progress, problems);
        CheckScriptState(progress, problems);
        return new CrashVersions(stored, round, ignored);
    }

    private long CheckStorage(CrashProgress progress, List<string> problems)
    {
        var version = Read(Storage, problems)?["version"];
        var seq = CheckVersion("storage", Number(version?["seq"]), progress, problems);
        if (seq > 0 && version?["payload"]?.GetValue<string>() != Payload(seq)) problems.Add($"storage: the payload is not version {seq}'s (a mix of versions)");
        return seq;
    }

    private long CheckWritten(CrashProgress progress, List<string> problems)
    {
        var text = File.Exists(Written) ? File.ReadAllText(Written) : "";
        var newline = text.IndexOf('\n');
        if (newline < 0 || !long.TryParse(text.AsSpan(0, newline), out var seq))
        {
            if (text.Length > 0 || progress.Stored > 0) problems.Add($"version.txt has no version number ({text.Length} bytes)");
            return 0;
        }
        CheckVersion("version.txt", seq, progress, problems);
        if (!text.AsSpan(newline + 1).SequenceEqual(Payload(seq))) problems.Add($"version.txt: the payload is not version {seq}'s ({text.Length} bytes, a torn or mixed write)");
        return seq;
    }

    /// <summary>A script version must be at least the one acknowledged.</summary>
    private static long CheckVersion(string what, long? found, CrashProgress progress, List<string> problems)
    {
        if (found is not { } seq)
        {
            if (progress.Stored > 0) problems.Add($"{what}: no version, though {progress.Stored} was acknowledged");
            return 0;
        }
        if (seq < progress.Stored) problems.Add($"{what}: version {seq}, older than the acknowledged {progress.Stored}");
        return seq;
    }

    private int CheckModuleState(CrashProgress progress, List<string> problems)
    {
        var granted = Rounds(Read(ModuleState, problems)?["granted"]?["logger"], "file_read:/crash/");
        var round = granted.Count == 0 ? 0 : granted.Max();
        if (!granted.Order().SequenceEqual(Enumerable.Range(1, round))) problems.Add($"modules-state.json: logger's grants are not rounds 1…{round} without a gap ({granted.Count} of them)");
        if (round < progress.ModuleGranted) problems.Add($"modules-state.json: round {round}, older than the acknowledged {progress.ModuleGranted}");
        if (round > progress.Sent) problems.Add($"modules-state.json: round {round}, never sent (last {progress.Sent})");
        return round;
    }

    private int? CheckIgnores(CrashProgress progress, List<string> problems)
    {
        var masks = (Read(Ignores, problems)?["ignores"]?.AsArray() ?? []).Select(e => e?["mask"]?.GetValue<string>() ?? "").ToList();
        if (masks.Count > 1) problems.Add($"ignores.json: {masks.Count} ignores, at most one can be on at a time");
        if (masks.Count == 0) return null;
        if (Regex.Match(masks[0], @"^crash(\d+)!\*@\*$") is not { Success: true } match || !int.TryParse(match.Groups[1].ValueSpan, out var round))
        {
            problems.Add($"ignores.json: an ignore that was never sent: {masks[0]}");
            return null;
        }
        if (round < progress.Ignored || round <= progress.Unignored) problems.Add($"ignores.json: round {round}'s ignore, older than the acknowledged ignore {progress.Ignored} and unignore {progress.Unignored}");
        return round;
    }

    private void CheckScriptState(CrashProgress progress, List<string> problems)
    {
        var entry = Read(ScriptState, problems)?["files"]?[ScriptFile];
        var rounds = Rounds(entry?["permissions"], "file_read:/crash/");
        var last = rounds.Count == 0 ? 0 : rounds.Max();
        if (last < progress.ScriptGranted) problems.Add($"scripts.json: round {last}, older than the acknowledged {progress.ScriptGranted}");
        if (last > progress.Sent) problems.Add($"scripts.json: round {last}, never sent (last {progress.Sent})");
    }

    // Lua numbers may be stored as floats (7.0).
    private static long? Number(JsonNode? node) => node is null ? null : (long)node.GetValue<double>();

    private static List<int> Rounds(JsonNode? list, string prefix) =>
        [.. (list?.AsArray() ?? []).Select(p => p?.GetValue<string>() ?? "").Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => int.Parse(p.AsSpan(prefix.Length)))];

    /// <summary>The file as a JSON object, or null when it is missing (not written yet) or damaged (a problem).</summary>
    private static JsonObject? Read(string path, List<string> problems)
    {
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            problems.Add($"{Path.GetFileName(path)} is damaged ({text.Length} bytes): {ex.Message}");
            return null;
        }
    }
}
