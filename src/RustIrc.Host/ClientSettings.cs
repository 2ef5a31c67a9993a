using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace RustIrc.Host;

/// <summary>
/// The user's <c>config.json</c>. A broken or misspelt file never stops the client: the problem is
/// reported with the line and what to do, and the client runs with defaults.
/// </summary>
internal sealed class ClientSettings
{
    private static readonly string[] KnownKeys = ["composition", "modules", "grants", "hotReload"];

    public IConfiguration Configuration { get; private init; } = new ConfigurationBuilder().Build();

    public string? Composition { get; private init; }

    public bool HotReload { get; private init; } = true;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();

    public static ClientSettings Load(string path, List<string> problems)
    {
        if (!File.Exists(path)) return new ClientSettings();
        try
        {
            using (var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path} must hold a JSON object; ignoring it and running with defaults.");
                    return new ClientSettings();
                }
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (KnownKeys.Contains(property.Name)) continue;
                    var near = KnownKeys.FirstOrDefault(k => Sdk.EditDistance.Between(k, property.Name) <= 2);
                    problems.Add(near is null
                        ? $"{path}: unknown setting '{property.Name}' is ignored (known: {string.Join(", ", KnownKeys)})."
                        : $"{path}: unknown setting '{property.Name}' is ignored; did you mean '{near}'?");
                }
            }
            var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false).Build();
            var grants = configuration.GetSection("grants").GetChildren()
                .ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.GetChildren().Select(g => g.Value ?? "").ToArray(), StringComparer.Ordinal);
            var hotReload = configuration["hotReload"];
            return new ClientSettings
            {
                Configuration = configuration,
                Composition = configuration["composition"],
                HotReload = hotReload is null || !bool.TryParse(hotReload, out var on) || on,
                Grants = grants,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or IOException or InvalidOperationException)
        {
            var where = ex is JsonException json && json.LineNumber is { } line ? $" at line {line + 1}" : "";
            // JsonDocument checks a string's text only when it is read: bytes that are not UTF-8 surface as InvalidOperationException.
            var what = ex is InvalidOperationException ? "it holds text that is not UTF-8 (save it as UTF-8)" : ex.Message.Split(". ")[0];
            problems.Add($"{path} could not be read{where}: {what}. Running with defaults; fix the file and restart.");
            return new ClientSettings();
        }
    }
}
