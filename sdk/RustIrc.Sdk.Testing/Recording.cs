namespace RustIrc.Sdk.Testing;

/// <summary>A list that many threads add to, and that a test can wait on for an item it expects.</summary>
internal sealed class Recording<T>
{
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items
    {
        get { lock (_items) return _items.ToArray(); }
    }

    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_items)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    /// <summary>The first item at index <paramref name="from"/> or later that <paramref name="match"/> accepts; false when none came within <paramref name="timeout"/>.</summary>
    public async Task<(bool Found, T Item)> WaitForAsync(Func<T, bool> match, int from, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var next = from;
        while (true)
        {
            Task changed;
            lock (_items)
            {
                for (; next < _items.Count; next++)
                {
                    if (match(_items[next])) return (true, _items[next]);
                }
                changed = _changed.Task;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return (false, default!);
            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
