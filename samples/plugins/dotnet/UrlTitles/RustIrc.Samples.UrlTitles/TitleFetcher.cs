using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Samples.UrlTitles;

/// <summary>
/// Fetches pages off the client loop and prints their titles back on it. <see cref="StopAsync"/> cancels
/// what is in flight and waits for it, so no task of the plugin outlives it (it could not unload then).
/// </summary>
internal sealed class TitleFetcher(INetworkAccess web, IClientLoop loop, Action<string, string> print, GrantNote note, bool reportErrors)
{
    /// <summary>What is read of a page at most: titles are near the top, and a link may point at a huge file.</summary>
    public const int MaxBytes = 256 * 1024;

    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _pending = [];

    public void Start(Uri url, string buffer)
    {
        if (_stopping.IsCancellationRequested) return; // a message handled while the plugin stops
        var task = Task.Run(() => FetchAsync(url, buffer));
        lock (_pending) _pending.Add(task);
        _ = task.ContinueWith(done => { lock (_pending) _pending.Remove(done); }, TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] pending;
        lock (_pending) pending = [.. _pending];
        await Task.WhenAll(pending).WaitAsync(cancellationToken);
        _stopping.Dispose();
    }

    private async Task FetchAsync(Uri url, string buffer)
    {
        string? line;
        try
        {
            var page = await web.GetStringAsync(url, MaxBytes, _stopping.Token);
            line = HtmlTitle.Extract(page) is { } title ? "title: " + title : null;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (PermissionDeniedException)
        {
            await OnLoopAsync(() => note.Show(buffer)); // revoked since the message was seen
            return;
        }
        catch (Exception ex)
        {
            // Dead links are common in chat: said only when asked for, in a few words.
            line = reportErrors ? $"title: could not fetch {url.Host}: {FirstLine(ex.Message)}" : null;
        }
        if (line is not null) await OnLoopAsync(() => print(buffer, line));
    }

    private Task OnLoopAsync(Action action) => _stopping.IsCancellationRequested ? Task.CompletedTask : loop.InvokeAsync(() =>
    {
        if (!_stopping.IsCancellationRequested) action();
    });

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 100 ? line : line[..99] + "…";
    }
}
