using RustIrc.Sdk.Services;

namespace RustIrc.Samples.UrlTitles.Tests;

/// <summary>
/// The web as the tests need it, in place of the client's HTTP: canned pages by URL (and the marker page),
/// a failure for any other, and every request (with the byte limit asked for) recorded.
/// </summary>
internal sealed class StandInWeb(Dictionary<string, string>? pages = null) : INetworkAccess
{
    private readonly List<(string Url, int MaxBytes)> _requests = [];

    public IReadOnlyList<(string Url, int MaxBytes)> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        lock (_requests) _requests.Add((url.ToString(), maxBytes));
        if (url.ToString() == UrlTitlesPlugin.MarkerLink) return Task.FromResult(UrlTitlesPlugin.Page("marker"));
        return pages is not null && pages.TryGetValue(url.ToString(), out var page)
            ? Task.FromResult(page)
            : Task.FromException<string>(new HttpRequestException($"Connection refused ({url.Host}:{url.Port})\nat some inner detail"));
    }
}

/// <summary>A web that never answers: each fetch waits until the caller cancels it.</summary>
internal sealed class HangingWeb : INetworkAccess
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a fetch began.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when a fetch was cancelled by the plugin.</summary>
    public Task Cancelled => _cancelled.Task;

    public async Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        _started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled.TrySetResult();
            throw;
        }
        return "";
    }
}
