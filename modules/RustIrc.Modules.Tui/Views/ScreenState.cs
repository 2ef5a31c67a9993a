namespace RustIrc.Modules.Tui.Views;

/// <summary>
/// Everything one frame shows, gathered from the UI model and the IRC service: the frontend builds one
/// when something changed and draws it whole, so a flood of lines costs one frame per tick, not one per line.
/// </summary>
internal sealed record ScreenState
{
    public required IReadOnlyList<BufferEntry> Buffers { get; init; }

    public required string Current { get; init; }

    public string Topic { get; init; } = "";

    public IReadOnlyList<ChatLine> Lines { get; init; } = [];

    /// <summary>Members with prefixes when the current buffer is a channel; null otherwise (no nick list).</summary>
    public IReadOnlyList<string>? Members { get; init; }

    public string Nick { get; init; } = "";

    public string Network { get; init; } = "";

    /// <summary>Round trip to the server, when known.</summary>
    public TimeSpan? Lag { get; init; }

    /// <summary>Rows scrolled back from the newest line (PageUp); 0 follows new lines.</summary>
    public int ScrollBack { get; init; }

    /// <summary>A question shown in place of the input line (a large paste), or null.</summary>
    public string? Question { get; init; }

    /// <summary>The input line's prompt instead of <c>[buffer] </c> (while searching), or null.</summary>
    public string? Prompt { get; init; }
}
