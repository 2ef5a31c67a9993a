using System.Globalization;
using Microsoft.Extensions.Configuration;
using RustIrc.Sdk;

namespace RustIrc.Modules.Logger;

/// <summary>How often a buffer's log starts a new file.</summary>
internal enum Rotation
{
    /// <summary>One file per day: <c>2026-05-01.log</c>.</summary>
    Daily,
    /// <summary>One file per month: <c>2026-05.log</c>.</summary>
    Monthly,
    /// <summary>One file for ever: <c>chat.log</c>.</summary>
    None,
}

/// <summary>
/// The module's settings (config.json <c>modules.logger</c>). Bad values are reported with what is used
/// instead, never fatal; the kernel reports unknown keys from the names in module.json.
/// </summary>
internal sealed record LoggerSettings
{
    public const string DefaultTimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Whether lines are logged at start (<c>/log on all</c> and <c>/log off all</c> change it while running).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The folder every network's folder goes in.</summary>
    public required string Root { get; init; }

    /// <summary>How the time before each line is written (.NET custom date and time format).</summary>
    public string TimeFormat { get; init; } = DefaultTimeFormat;

    public Rotation Rotation { get; init; } = Rotation.Daily;

    /// <summary>Stamps and file dates in UTC rather than the local time zone.</summary>
    public bool Utc { get; init; }

    /// <summary>Buffers not logged: names or masks with <c>*</c> and <c>?</c>, compared without case. An empty string excludes none.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = ["status"];

    public static LoggerSettings Read(IConfiguration section, string defaultRoot, List<string> problems)
    {
        var exclude = section.GetSection("exclude");
        return new LoggerSettings
        {
            Enabled = Bool(section, "enabled", true, problems),
            Root = section["path"] is { Length: > 0 } path ? Path.GetFullPath(HomePath.Expand(path)) : defaultRoot,
            TimeFormat = FormatOf(section["timeFormat"], problems),
            Rotation = RotationOf(section["rotation"], problems),
            Utc = Bool(section, "utc", false, problems),
            Exclude = exclude.Value is { } one
                ? one.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : exclude.Exists() ? exclude.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray() : ["status"],
        };
    }

    private static string FormatOf(string? format, List<string> problems)
    {
        if (format is null) return DefaultTimeFormat;
        try
        {
            var sample = DateTimeOffset.Now.ToString(format, CultureInfo.InvariantCulture);
            if (sample.AsSpan().IndexOfAny('\r', '\n') < 0) return format;
        }
        catch (FormatException)
        {
        }
        problems.Add($"modules.logger timeFormat: \"{format}\" is not a date and time format on one line (such as \"{DefaultTimeFormat}\" or \"HH:mm\"); using \"{DefaultTimeFormat}\".");
        return DefaultTimeFormat;
    }

    private static Rotation RotationOf(string? value, List<string> problems)
    {
        if (value is null) return Rotation.Daily;
        if (Enum.TryParse<Rotation>(value, ignoreCase: true, out var rotation) && Enum.IsDefined(rotation) && !char.IsAsciiDigit(value[0])) return rotation;
        problems.Add($"modules.logger rotation: \"{value}\" is not daily, monthly or none; using daily.");
        return Rotation.Daily;
    }

    private static bool Bool(IConfiguration section, string key, bool fallback, List<string> problems)
    {
        var value = section[key];
        if (value is null) return fallback;
        if (bool.TryParse(value, out var result)) return result;
        problems.Add($"modules.logger {key}: \"{value}\" is not true or false; using {fallback.ToString().ToLowerInvariant()}.");
        return fallback;
    }

}
