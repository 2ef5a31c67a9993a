using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>
/// Buffers by name (case-insensitive), each keeping its last <c>scrollback</c> lines in a ring, the
/// current buffer, and the activity of the others. Runs on the client loop like everything else.
/// </summary>
internal sealed class UiModel : IUiModel
{
    private readonly IEventBus _events;
    private readonly int _scrollback;
    private readonly Dictionary<string, Buffer> _buffers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Buffer> _order = [];
    private LineWatcher[] _watchers = []; // copied on change: a watcher may unwatch while being called
    private string? _lastName;            // the name last asked for, and its buffer (GetOrOpen)
    private Buffer? _lastBuffer;

    public UiModel(IEventBus events, int scrollback)
    {
        _events = events;
        _scrollback = scrollback;
        CurrentBuffer = IUiModel.StatusBuffer;
        GetOrOpen(IUiModel.StatusBuffer, null);
    }

    public string CurrentBuffer { get; private set; }

    public IReadOnlyList<BufferInfo> Buffers() =>
        _order.Select(b => new BufferInfo(b.Name, b.Network, b.Activity, b.Count)).ToArray();

    public IReadOnlyList<BufferLine> Lines(string buffer, int count) =>
        _buffers.TryGetValue(buffer, out var b) ? b.Last(count) : [];

    public void Print(string buffer, string text, LineKind kind = LineKind.Info) => PrintLines(buffer, text, kind, EventClock.Now);

    private void PrintLines(string buffer, string text, LineKind kind, DateTimeOffset time)
    {
        if (text.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            PrintLine(buffer, text, kind, time);
            return;
        }
        // A line is one line: text with line breaks (a script's print) becomes several, each shown with
        // its buffer, so none can pass for a line of another buffer.
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n')) PrintLine(buffer, line, kind, time);
    }

    public void Print(string buffer, ReadOnlySpan<char> text, LineKind kind = LineKind.Info) => Print(buffer, text, kind, EventClock.Now);

    public void Print(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time)
    {
        if (text.IndexOfAny('\n', '\r') >= 0 || _events.HasModifiers(ModifierKind.Display) || _events.HasListeners<LinePrintedEvent>())
        {
            PrintLines(buffer, text.ToString(), kind, time);
            return;
        }
        // Nobody but the scrollback and the watchers reads this line: it never becomes a string.
        var target = GetOrOpen(buffer, null);
        target.Add(time, text, kind);
        NoteActivity(target, kind);
        Notify(target.Name, text, kind, time);
    }

    private void PrintLine(string buffer, string text, LineKind kind, DateTimeOffset time)
    {
        var target = GetOrOpen(buffer, null);
        var shown = _events.Modify(ModifierKind.Display, target.Network ?? "", text);
        if (shown is null) return; // a display modifier dropped the line
        target.Add(time, shown, kind);
        NoteActivity(target, kind);
        if (_events.HasListeners<LinePrintedEvent>()
            && _events.Publish(new LinePrintedEvent { Buffer = target.Name, Text = shown, Kind = kind, Time = time }) == EventResult.Eat)
        {
            return;
        }
        Notify(target.Name, shown, kind, time);
    }

    public IDisposable WatchLines(LineWatcher watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        _watchers = [.. _watchers, watcher];
        return new Watch(this, watcher);
    }

    private void Notify(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time)
    {
        foreach (var watcher in _watchers)
        {
            try
            {
                watcher(buffer, text, kind, time);
            }
            catch (Exception ex)
            {
                Unwatch(watcher); // before printing, so the report cannot fail the same way
                Print(IUiModel.StatusBuffer, $"a line watcher ({watcher.Method.DeclaringType?.Assembly.GetName().Name}) failed and was removed: {ex.Message}", LineKind.Error);
            }
        }
    }

    private void Unwatch(LineWatcher watcher) => _watchers = Array.FindAll(_watchers, w => !ReferenceEquals(w, watcher));

    private sealed class Watch(UiModel model, LineWatcher watcher) : IDisposable
    {
        public void Dispose() => model.Unwatch(watcher);
    }

    private void NoteActivity(Buffer target, LineKind kind)
    {
        if (string.Equals(target.Name, CurrentBuffer, StringComparison.OrdinalIgnoreCase)) return;
        var activity = kind switch
        {
            LineKind.Message or LineKind.Action or LineKind.Notice => Activity.Messages,
            LineKind.Event => Activity.Events,
            _ => Activity.None,
        };
        if (activity > target.Activity) target.Activity = activity;
    }

    public void Open(string buffer, string? network = null) => GetOrOpen(buffer, network);

    public void Highlight(string buffer, ReadOnlySpan<char> line, DateTimeOffset time)
    {
        var target = GetOrOpen(buffer, null);
        if (!string.Equals(target.Name, CurrentBuffer, StringComparison.OrdinalIgnoreCase)) target.Activity = Activity.Highlight;
        if (string.Equals(target.Name, IUiModel.HighlightsBuffer, StringComparison.OrdinalIgnoreCase)) return;
        Print(IUiModel.HighlightsBuffer, $"[{target.Name}] {line}", LineKind.Message, time);
    }

    /// <summary>Puts back a buffer saved by the previous build, its lines before any printed since (they are older).</summary>
    internal void Restore(string name, string? network, Activity activity, IEnumerable<BufferLine> lines)
    {
        var target = GetOrOpen(name, network);
        target.Network ??= network;
        var newer = target.Last(target.Count);
        target.Clear();
        foreach (var line in lines.Concat(newer)) target.Add(line.Time, line.Text, line.Kind);
        if (activity > target.Activity && !string.Equals(target.Name, CurrentBuffer, StringComparison.OrdinalIgnoreCase)) target.Activity = activity;
    }

    public void Close(string buffer)
    {
        if (IsStatus(buffer)) throw new InvalidOperationException("The status buffer cannot be closed.");
        if (_buffers.Remove(buffer, out var closed))
        {
            _order.Remove(closed);
            if (ReferenceEquals(closed, _lastBuffer)) (_lastName, _lastBuffer) = (null, null);
            if (string.Equals(CurrentBuffer, closed.Name, StringComparison.OrdinalIgnoreCase)) SwitchTo(IUiModel.StatusBuffer);
        }
    }

    public void Clear(string buffer)
    {
        if (!_buffers.TryGetValue(buffer, out var target)) throw new InvalidOperationException($"There is no buffer '{buffer}'; /buffer lists them.");
        target.Clear();
        target.Activity = Activity.None;
    }

    public void Rename(string buffer, string newName)
    {
        if (string.IsNullOrWhiteSpace(newName)) throw new ArgumentException("A buffer needs a name.", nameof(newName));
        if (IsStatus(buffer) || IsStatus(newName)) throw new InvalidOperationException("The status buffer cannot be renamed.");
        if (!_buffers.Remove(buffer, out var renamed)) return;
        (_lastName, _lastBuffer) = (null, null);
        var wasCurrent = string.Equals(CurrentBuffer, renamed.Name, StringComparison.OrdinalIgnoreCase);
        if (_buffers.Remove(newName, out var existing))
        {
            // Both conversations are kept, in the order they happened; the older buffer's place in the list is kept.
            var lines = existing.Last(existing.Count).Concat(renamed.Last(renamed.Count)).OrderBy(l => l.Time).ToArray();
            renamed.Clear();
            foreach (var line in lines) renamed.Add(line.Time, line.Text, line.Kind);
            if (existing.Activity > renamed.Activity) renamed.Activity = existing.Activity;
            renamed.Network ??= existing.Network;
            _order.Remove(existing);
            wasCurrent |= string.Equals(CurrentBuffer, existing.Name, StringComparison.OrdinalIgnoreCase);
        }
        renamed.Name = newName;
        _buffers[newName] = renamed;
        if (wasCurrent) CurrentBuffer = newName;
    }

    private static bool IsStatus(string buffer) => string.Equals(buffer, IUiModel.StatusBuffer, StringComparison.OrdinalIgnoreCase);

    public void SwitchTo(string buffer)
    {
        var target = GetOrOpen(buffer, null);
        var from = CurrentBuffer;
        CurrentBuffer = target.Name;
        target.Activity = Activity.None;
        _events.Publish(new TabSwitchEvent { From = from, To = target.Name });
    }

    private Buffer GetOrOpen(string name, string? network)
    {
        // A flood prints to one buffer, named by the same string each time: found again without a lookup.
        if (ReferenceEquals(name, _lastName) && _lastBuffer is { } last) return last;
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A buffer needs a name.", nameof(name));
        if (!_buffers.TryGetValue(name, out var buffer))
        {
            buffer = new Buffer(name, network, _scrollback);
            _buffers[name] = buffer;
            _order.Add(buffer);
        }
        (_lastName, _lastBuffer) = (name, buffer);
        return buffer;
    }

    /// <summary>A buffer: its name, network, activity and scrollback.</summary>
    private sealed class Buffer(string name, string? network, int capacity)
    {
        private readonly Scrollback _lines = new(capacity);

        public string Name { get; set; } = name;
        public string? Network { get; set; } = network;
        public Activity Activity { get; set; }
        public int Count => _lines.Count;

        public void Add(DateTimeOffset time, ReadOnlySpan<char> text, LineKind kind) => _lines.Add(time, text, kind);

        public void Clear() => _lines.Clear();

        public IReadOnlyList<BufferLine> Last(int count) => _lines.Last(count);
    }
}
