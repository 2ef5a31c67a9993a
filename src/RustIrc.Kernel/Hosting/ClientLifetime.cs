using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Hosting;

/// <summary>The client's lifetime: who asked it to exit, and who keeps it alive after input ends.</summary>
internal sealed class ClientLifetime : IClientLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<object> _keepAlives = [];

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes with the exit code once an exit was requested.</summary>
    public Task<int> ExitRequested => _exit.Task;

    public bool IsKeptAlive
    {
        get { lock (_keepAlives) return _keepAlives.Count > 0; }
    }

    public IReadOnlyList<string> KeepAliveReasons
    {
        get { lock (_keepAlives) return _keepAlives.Select(k => k.ToString()!).ToArray(); }
    }

    public string? QuitMessage { get; set; }

    public void RequestExit(int exitCode = 0)
    {
        if (_exit.TrySetResult(exitCode))
        {
            _stopping.Cancel();
        }
    }

    public IDisposable KeepAlive(string reason)
    {
        var token = new Reason(reason);
        lock (_keepAlives) _keepAlives.Add(token);
        return new Disposable(() => { lock (_keepAlives) _keepAlives.Remove(token); });
    }

    public void Dispose() => _stopping.Dispose();

    private sealed class Reason(string text)
    {
        public override string ToString() => text;
    }
}
