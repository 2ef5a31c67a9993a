namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>
/// An append-only list, safe to add to from any thread, that a test can wait on: what the fake server
/// received, what the client published.
/// </summary>
internal sealed class Recording<T> where T : class
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

    /// <summary>The first item at index <paramref name="from"/> or later that <paramref name="match"/> accepts, waiting up to <paramref name="timeout"/>; null when none came.</summary>
    public async Task<T?> WaitForAsync(Func<T, bool> match, int from, TimeSpan timeout)
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
                    if (match(_items[next])) return _items[next];
                }
                changed = _changed.Task;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return null;
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
