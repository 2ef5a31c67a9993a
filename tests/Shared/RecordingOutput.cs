using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;

namespace RustIrc.Tests.Shared;

/// <summary>Command output kept in memory.</summary>
internal sealed class RecordingOutput : ICommandOutput
{
    private readonly List<(string Text, LineKind Kind)> _lines = [];

    public IReadOnlyList<(string Text, LineKind Kind)> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    /// <summary>All lines, one per line.</summary>
    public string Text => string.Join("\n", Lines.Select(l => l.Text));

    public void Write(string text, LineKind kind = LineKind.Info)
    {
        lock (_lines) _lines.Add((text, kind));
    }
}
