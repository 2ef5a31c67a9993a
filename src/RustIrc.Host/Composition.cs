using System.Text.Json;

namespace RustIrc.Host;

/// <summary>A composition: which modules make up this client, and what each is granted.</summary>
internal sealed record Composition(string Name, IReadOnlyList<string> Modules, IReadOnlyDictionary<string, IReadOnlyList<string>> Grants)
{
    /// <summary>Finds a composition by path or by name in the compositions folders; null (with a problem noted) when it cannot.</summary>
    public static Composition? Resolve(string? nameOrPath, ClientPaths paths, List<string> problems)
    {
        var wanted = nameOrPath ?? "default";
        var file = File.Exists(wanted)
            ? wanted
            : paths.CompositionDirectories.Select(d => Path.Combine(d, wanted.EndsWith(".json", StringComparison.Ordinal) ? wanted : wanted + ".json")).FirstOrDefault(File.Exists);
        if (file is null)
        {
            var known = paths.CompositionDirectories.Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d, "*.json")).Select(Path.GetFileNameWithoutExtension).Distinct().Order();
            problems.Add($"No composition '{wanted}'. Give a file path or one of: {string.Join(", ", known)}.");
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            var modules = root.TryGetProperty("modules", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0).ToArray()
                : throw new JsonException("\"modules\" must be an array of module ids");
            var grants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (root.TryGetProperty("grants", out var grantObject) && grantObject.ValueKind == JsonValueKind.Object)
            {
                foreach (var grant in grantObject.EnumerateObject())
                {
                    grants[grant.Name] = grant.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
                }
            }
            var name = root.TryGetProperty("name", out var n) ? n.GetString() ?? wanted : wanted;
            return new Composition(name, modules, grants);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            problems.Add($"Composition {file} is malformed: {ex.Message.Split(". ")[0]}. Fix it or choose another with --composition.");
            return null;
        }
    }

    /// <summary>
    /// Keeps one frontend: the tui on a terminal and the shell elsewhere when the composition lists both,
    /// or the one <c>--tui</c>/<c>--shell</c> asks for (given the grants of the other when it has none).
    /// </summary>
    public Composition? WithFrontend(Frontend wanted, bool interactive, List<string> problems)
    {
        var listed = Modules.Where(m => m is "tui" or "shell").ToList();
        if (wanted == Frontend.Tui && !interactive)
        {
            problems.Add("--tui needs a terminal: standard input and output must both be one (not a pipe or a file). Leave it out to use the line shell.");
            return null;
        }
        if (listed.Count == 0 && wanted == Frontend.Auto) return this;
        var chosen = wanted switch
        {
            Frontend.Tui => "tui",
            Frontend.Shell => "shell",
            _ when listed.Count == 1 => listed[0],
            _ => interactive ? "tui" : "shell",
        };
        var modules = Modules.Where(m => m is not ("tui" or "shell")).Append(chosen).ToList();
        var grants = new Dictionary<string, IReadOnlyList<string>>(Grants, StringComparer.Ordinal);
        if (!grants.ContainsKey(chosen) && listed.Count > 0 && grants.TryGetValue(listed[0], out var other)) grants[chosen] = other;
        return this with { Modules = modules, Grants = grants };
    }
}
