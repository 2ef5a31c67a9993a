using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RustIrc.Samples.Seen;

/// <summary>
/// The plugin's settings (config.json <c>modules.seen</c>). A bad value is reported with what is used
/// instead; none stops the plugin. The client reports unknown keys from the names module.json declares.
/// </summary>
internal sealed record SeenSettings
{
    /// <summary>How many nicks are remembered, over all networks; the one seen longest ago goes first.</summary>
    public int MaxNicks { get; init; } = 10_000;

    /// <summary>How often the sightings are written when they changed (they are always written at unload).</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMinutes(1);

    public static SeenSettings Read(IConfiguration section, List<string> problems)
    {
        return new SeenSettings
        {
            MaxNicks = Number(section, "maxNicks", 10_000, 1, 1_000_000, problems),
            SaveInterval = TimeSpan.FromSeconds(Number(section, "saveInterval", 60, 1, 86_400, problems)),
        };
    }

    private static int Number(IConfiguration section, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = section[key];
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        problems.Add($"seen: setting {key} \"{text}\" is not a whole number from {min} to {max}; using {fallback}.");
        return fallback;
    }

}
