namespace RustIrc.Samples.Seen;

/// <summary>What a nick was doing when last seen.</summary>
internal enum SightingKind
{
    /// <summary>Said <see cref="Sighting.Text"/> in <see cref="Sighting.Channel"/>.</summary>
    Message,
    /// <summary>Did <c>/me</c> <see cref="Sighting.Text"/> in <see cref="Sighting.Channel"/>.</summary>
    Action,
    /// <summary>Joined <see cref="Sighting.Channel"/>.</summary>
    Join,
    /// <summary>Left <see cref="Sighting.Channel"/>, saying <see cref="Sighting.Text"/> if anything.</summary>
    Part,
    /// <summary>Quit IRC, saying <see cref="Sighting.Text"/> if anything.</summary>
    Quit,
    /// <summary>Changed nick to <see cref="Sighting.Text"/>.</summary>
    NickTo,
    /// <summary>Came from nick <see cref="Sighting.Text"/>.</summary>
    NickFrom,
}

/// <summary>One nick's last sighting on one network; <see cref="Nick"/> is spelled as it was then.</summary>
internal sealed record Sighting(string Network, string Nick, DateTimeOffset Time, SightingKind Kind, string? Channel = null, string? Text = null);
