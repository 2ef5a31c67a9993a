using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>An <see cref="IUiModel"/> that only records what was printed, for permission tests.</summary>
internal sealed class RecordingUi : IUiModel
{
    private readonly List<string> _printed = [];

    public IReadOnlyList<string> Printed
    {
        get { lock (_printed) return _printed.ToArray(); }
    }

    public string CurrentBuffer { get; private set; } = IUiModel.StatusBuffer;

    public IReadOnlyList<BufferInfo> Buffers() => [new BufferInfo(IUiModel.StatusBuffer, null, Activity.None, Printed.Count)];

    public IReadOnlyList<BufferLine> Lines(string buffer, int count) => [];

    public void Print(string buffer, string text, LineKind kind = LineKind.Info)
    {
        lock (_printed) _printed.Add(text);
    }

    public void Open(string buffer, string? network = null)
    {
    }

    public void Close(string buffer)
    {
    }

    public void SwitchTo(string buffer) => CurrentBuffer = buffer;
}

/// <summary>An <see cref="ITerminal"/> that records the lines written, for permission tests.</summary>
internal sealed class RecordingTerminal : ITerminal
{
    private readonly List<string> _written = [];

    public IReadOnlyList<string> Written
    {
        get { lock (_written) return _written.ToArray(); }
    }

    public bool Json => false;

    public void WriteLine(string line)
    {
        lock (_written) _written.Add(line);
    }

    public IDisposable Attach(Func<string, Task> onLine) => new Detach();

    private sealed class Detach : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
