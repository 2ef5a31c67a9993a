using System.Diagnostics;
using System.Text;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Services;

/// <summary>HTTP GET for extensions.</summary>
internal sealed class NetworkAccessService : INetworkAccess
{

    public async Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Only http and https URLs can be fetched, not {url.Scheme}.", nameof(url));
        }
        using var response = await Http.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes];
        var total = 0;
        int read;
        while (total < maxBytes && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>
    /// One client for the process, made on first use: the HTTP stack (TLS, compression, crypto) costs
    /// megabytes that a client that never fetches anything should not pay. A nested class, so not even
    /// its type is loaded before then.
    /// </summary>
    private static class Http
    {
        public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };
    }
}

/// <summary>Runs external programs for extensions, without a shell.</summary>
internal sealed class ProcessLauncherService : IProcessLauncher
{
    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout.TotalSeconds:0.#} s and was killed.");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
