namespace RustIrc.Sdk.Events;

/// <summary>The user switched the current buffer.</summary>
public sealed record TabSwitchEvent : ClientEvent
{
    /// <summary>The buffer left, or null at start.</summary>
    public string? From { get; init; }

    /// <summary>The buffer now current.</summary>
    public required string To { get; init; }
}

/// <summary>A command is about to run (<c>/name args</c>). Eating it stops the command.</summary>
public sealed record CommandEvent : ClientEvent
{
    /// <summary>The command name without the slash, lower-case.</summary>
    public required string Name { get; init; }

    /// <summary>The text after the name.</summary>
    public string Arguments { get; init; } = "";

    /// <summary>The buffer it was typed in.</summary>
    public string? Buffer { get; init; }
}

/// <summary>The user typed text that is not a command. The IRC module sends it to the buffer's target unless a handler eats it.</summary>
public sealed record InputEvent : ClientEvent
{
    /// <summary>The buffer it was typed in.</summary>
    public required string Buffer { get; init; }

    /// <summary>The text.</summary>
    public required string Text { get; init; }
}

/// <summary>An extension (module, plugin or script) was loaded and started.</summary>
public sealed record ExtensionLoadedEvent : ClientEvent
{
    /// <summary>Which one.</summary>
    public required ExtensionId Extension { get; init; }

    /// <summary>Its version.</summary>
    public string Version { get; init; } = "";
}

/// <summary>An extension was stopped and unloaded.</summary>
public sealed record ExtensionUnloadedEvent : ClientEvent
{
    /// <summary>Which one.</summary>
    public required ExtensionId Extension { get; init; }

    /// <summary>Why: <c>user</c>, <c>reload</c>, <c>faulted</c>, <c>shutdown</c>, <c>dependency</c>.</summary>
    public string Reason { get; init; } = "user";
}

/// <summary>A line was added to a buffer of the UI model. Frontends render it.</summary>
public sealed record LinePrintedEvent : ClientEvent
{
    /// <summary>The buffer's name.</summary>
    public required string Buffer { get; init; }

    /// <summary>The displayed text, after display modifiers.</summary>
    public required string Text { get; init; }

    /// <summary>What kind of line it is.</summary>
    public LineKind Kind { get; init; } = LineKind.Info;
}

/// <summary>What a printed line is, so frontends can style it.</summary>
public enum LineKind
{
    /// <summary>Client information (command output, status).</summary>
    Info,
    /// <summary>A chat message.</summary>
    Message,
    /// <summary>A notice.</summary>
    Notice,
    /// <summary>An action.</summary>
    Action,
    /// <summary>Joins, parts, quits, nick and mode changes.</summary>
    Event,
    /// <summary>Something went wrong; says what to do.</summary>
    Error,
}
