using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RustIrc.Samples.UrlTitles;

/// <summary>
/// The plugin's settings (config.json <c>modules.urltitles</c>). A bad value is reported with what is
/// used instead; none stops the plugin. The client reports unknown keys from the names module.json declares.
/// </summary>
internal sealed record UrlTitlesSettings
{
    /// <summary>How many links of one message get their title fetched; the rest are left alone.</summary>
    public int MaxPerMessage { get; init; } = 3;

    /// <summary>Whether a page that could not be fetched gets a short line saying so (quiet by default).</summary>
    public bool ReportErrors { get; init; }

    /// <summary>Hosts whose links are skipped, each with its subdomains (<c>example.com</c> skips <c>www.example.com</c>).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    public static UrlTitlesSettings Read(IConfiguration section, List<string> problems)
    {
        var ignore = section.GetSection("ignore");
        return new UrlTitlesSettings
        {
            MaxPerMessage = Number(section, "maxPerMessage", 3, 1, 10, problems),
            ReportErrors = Bool(section, "reportErrors", false, problems),
            // A list in config.json, or one string of names separated by commas.
            Ignore = (ignore.Value is { } one ? one.Split(',') : ignore.GetChildren().Select(c => c.Value ?? ""))
                .Select(h => h.Trim().TrimEnd('.')).Where(h => h.Length > 0).ToArray(),
        };
    }

    private static int Number(IConfiguration section, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = section[key];
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        problems.Add($"urltitles: setting {key} \"{text}\" is not a whole number from {min} to {max}; using {fallback}.");
        return fallback;
    }

    private static bool Bool(IConfiguration section, string key, bool fallback, List<string> problems)
    {
        var text = section[key];
        if (text is null) return fallback;
        if (bool.TryParse(text, out var value)) return value;
        problems.Add($"urltitles: setting {key} \"{text}\" is not true or false; using {fallback.ToString().ToLowerInvariant()}.");
        return fallback;
    }

}
