namespace RustIrc.Sdk.Services;

/// <summary>
/// The single thread that runs every event handler, command and timer in order. Network and file I/O
/// run elsewhere and post their results here, so extensions never see concurrency.
/// </summary>
public interface IClientLoop
{
    /// <summary>Whether the calling thread is the loop.</summary>
    bool IsOnLoop { get; }

    /// <summary>Queues <paramref name="action"/> to run on the loop.</summary>
    void Post(Action action);

    /// <summary>Runs <paramref name="action"/> on the loop and completes when it has.</summary>
    Task InvokeAsync(Func<Task> action);

    /// <summary>Runs <paramref name="action"/> on the loop after <paramref name="due"/>, then every <paramref name="period"/> if given.</summary>
    /// <returns>Disposing it cancels the timer. Timers of a module are cancelled when it unloads.</returns>
    IDisposable Schedule(TimeSpan due, Action action, TimeSpan? period = null);
}

/// <summary>Asks the client to end cleanly (stop modules, quit networks).</summary>
[HostService]
public interface IClientLifetime
{
    /// <summary>A token cancelled when the client begins shutting down.</summary>
    CancellationToken Stopping { get; }

    /// <summary>Requests an orderly exit with <paramref name="exitCode"/>.</summary>
    void RequestExit(int exitCode = 0);

    /// <summary>The message the user gave when quitting (<c>/quit MESSAGE</c>), for networks' QUIT; null when none.</summary>
    string? QuitMessage { get; set; }

    /// <summary>
    /// Keeps the client running after standard input ends (a bot with networks to stay on). The client
    /// exits at end of input only while nobody holds a keep-alive.
    /// </summary>
    /// <returns>Disposing it releases the keep-alive.</returns>
    IDisposable KeepAlive(string reason);
}

/// <summary>Shorthands for running plain code on the client loop from elsewhere (hosts, tests, I/O callbacks).</summary>
public static class ClientLoopExtensions
{
    /// <summary>Runs <paramref name="action"/> on the loop and completes when it has.</summary>
    public static Task InvokeAsync(this IClientLoop loop, Action action) => loop.InvokeAsync(() =>
    {
        action();
        return Task.CompletedTask;
    });

    /// <summary>Runs <paramref name="function"/> on the loop and completes with its result.</summary>
    public static async Task<T> InvokeAsync<T>(this IClientLoop loop, Func<T> function)
    {
        var result = default(T)!;
        await loop.InvokeAsync(() =>
        {
            result = function();
            return Task.CompletedTask;
        });
        return result;
    }
}
