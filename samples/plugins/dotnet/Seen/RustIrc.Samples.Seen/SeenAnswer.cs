using System.Globalization;

namespace RustIrc.Samples.Seen;

/// <summary>The sentence that answers "when was NICK last seen?", the same for /seen and !seen.</summary>
internal static class SeenAnswer
{
    public static string For(string asked, Sighting? sighting, DateTimeOffset now)
    {
        if (sighting is null) return $"I have never seen {asked}.";
        var when = $"{sighting.Nick} was last seen {Ago(now - sighting.Time)}";
        var reason = sighting.Text is null ? "" : $" ({sighting.Text})";
        return sighting.Kind switch
        {
            SightingKind.Message => $"{when} in {sighting.Channel}, saying: {sighting.Text}",
            SightingKind.Action => $"{when} in {sighting.Channel}: * {sighting.Nick} {sighting.Text}",
            SightingKind.Join => $"{when} joining {sighting.Channel}.",
            SightingKind.Part => $"{when} leaving {sighting.Channel}{reason}.",
            SightingKind.Quit => $"{when} quitting{reason}.",
            SightingKind.NickTo => $"{when} changing nick to {sighting.Text}.",
            SightingKind.NickFrom => $"{when} changing nick from {sighting.Text}.",
            _ => $"{when}.",
        };
    }

    /// <summary>"just now", "5 minutes ago", "1 day 3 hours ago": the two largest units, rounded down.</summary>
    public static string Ago(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.FromMinutes(1)) return "just now"; // also a clock slightly ahead of ours
        (int Count, string Unit)[] parts =
        [
            ((int)elapsed.TotalDays, "day"),
            (elapsed.Hours, "hour"),
            (elapsed.Minutes, "minute"),
        ];
        var first = Array.FindIndex(parts, p => p.Count > 0);
        var shown = parts.Skip(first).Take(2).Where(p => p.Count > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Count} {p.Unit}{(p.Count == 1 ? "" : "s")}"));
        return string.Join(" ", shown) + " ago";
    }
}
