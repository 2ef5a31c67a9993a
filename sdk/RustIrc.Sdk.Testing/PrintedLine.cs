using RustIrc.Sdk.Events;

namespace RustIrc.Sdk.Testing;

/// <summary>A line the client showed: in which buffer (<c>status</c>, <c>test</c>, <c>test/#chan</c>), its text, kind and time.</summary>
public sealed record PrintedLine(string Buffer, string Text, LineKind Kind, DateTimeOffset Time)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Buffer}] {Kind}: {Text}";
}

/// <summary>How a command line ended and what it replied.</summary>
public sealed record CommandResult(Commands.CommandOutcome Outcome, IReadOnlyList<string> Replies)
{
    /// <summary>The replies, one per line.</summary>
    public string Text => string.Join("\n", Replies);
}
