using RustIrc.Sdk.Services;

namespace RustIrc.Sdk;

/// <summary>
/// Watches one folder and reports a change once the files have been quiet for a moment: editors and
/// builds write a file in several steps (some delete it and write it anew), and acting on each step
/// would load half a file. Changes are grouped by a key the owner chooses (the file, or the whole
/// folder), and each group is reported on the client loop.
/// </summary>
public sealed class SettledFileWatcher : IDisposable
{
    private readonly IClientLoop _loop;
    private readonly Func<string, string?> _keyOf;
    private readonly TimeSpan _quiet;
    private readonly Action<string> _settled;
    private readonly object _gate = new();
    private readonly Dictionary<string, IDisposable> _pending = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher _watcher;
    private bool _disposed;

    /// <param name="directory">The folder (not its subfolders).</param>
    /// <param name="keyOf">The group a changed file's full path belongs to, or null to ignore the file.</param>
    /// <param name="quiet">How long a group must see no change before it is reported.</param>
    /// <param name="loop">Where <paramref name="settled"/> runs.</param>
    /// <param name="settled">Called with the key of a group that has settled.</param>
    public SettledFileWatcher(string directory, Func<string, string?> keyOf, TimeSpan quiet, IClientLoop loop, Action<string> settled)
    {
        _loop = loop;
        _keyOf = keyOf;
        _quiet = quiet;
        _settled = settled;
        _watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, e) => Changed(e.FullPath);
        _watcher.Created += (_, e) => Changed(e.FullPath);
        _watcher.Deleted += (_, e) => Changed(e.FullPath);
        // Renaming a file away is deleting it under its old name.
        _watcher.Renamed += (_, e) =>
        {
            Changed(e.OldFullPath);
            Changed(e.FullPath);
        };
        _watcher.EnableRaisingEvents = true;
    }

    private void Changed(string path)
    {
        if (_keyOf(path) is not { } key) return;
        _loop.Post(() =>
        {
            lock (_gate)
            {
                if (_disposed) return;
                if (_pending.Remove(key, out var earlier)) earlier.Dispose();
                _pending[key] = _loop.Schedule(_quiet, () => Settle(key));
            }
        });
    }

    private void Settle(string key)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _pending.Remove(key);
        }
        _settled(key);
    }

    /// <summary>Stops watching; nothing is reported afterwards (from any thread).</summary>
    public void Dispose()
    {
        _watcher.Dispose();
        lock (_gate)
        {
            _disposed = true;
            foreach (var pending in _pending.Values) pending.Dispose();
            _pending.Clear();
        }
    }
}
