using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.TestModules.Good;

/// <summary>A bare UI model (buffers of lines, no scrollback limit), so a module-provided service can be tested.</summary>
internal sealed class GoodUiModel : IUiModel
{
    private readonly Dictionary<string, List<BufferLine>> _buffers = new(StringComparer.OrdinalIgnoreCase)
    {
        [IUiModel.StatusBuffer] = [],
    };

    public string CurrentBuffer { get; private set; } = IUiModel.StatusBuffer;

    public IReadOnlyList<BufferInfo> Buffers() =>
        _buffers.Select(b => new BufferInfo(b.Key, null, Activity.None, b.Value.Count)).ToArray();

    public IReadOnlyList<BufferLine> Lines(string buffer, int count) =>
        _buffers.TryGetValue(buffer, out var lines) ? lines.TakeLast(count).ToArray() : [];

    public void Print(string buffer, string text, LineKind kind = LineKind.Info)
    {
        Open(buffer);
        _buffers[buffer].Add(new BufferLine(DateTimeOffset.UtcNow, text, kind));
    }

    public void Open(string buffer, string? network = null) => _buffers.TryAdd(buffer, []);

    public void Close(string buffer)
    {
        if (buffer != IUiModel.StatusBuffer) _buffers.Remove(buffer);
    }

    public void SwitchTo(string buffer)
    {
        Open(buffer);
        CurrentBuffer = buffer;
    }
}
