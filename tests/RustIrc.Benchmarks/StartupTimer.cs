using System.Diagnostics;

namespace RustIrc.Benchmarks;

/// <summary>
/// Measures how long the <c>rustirc</c> process takes from spawn to the shell's "RustIrc ready" line with
/// the default composition, then asks it to /quit and times the exit. Each run gets fresh empty data
/// and config folders, so no user configuration is read.
/// </summary>
internal static class StartupTimer
{
    private const string ReadyMarker = "RustIrc ready";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(int runs)
    {
        var host = RepoPaths.Require(RepoPaths.Host);
        Console.WriteLine($"startup: dotnet {host} --no-hot-reload --data-dir <tmp> --config-dir <tmp>, until a stdout line contains \"{ReadyMarker}\"");
        Console.WriteLine($"  {Environment.ProcessorCount} cores; one unrecorded warm-up run (disk cache), then {runs} recorded runs");

        var warmup = await RunOnceAsync(host);
        Console.WriteLine($"  ready line: {warmup.ReadyLine}");
        Console.WriteLine($"  warm-up  ready {warmup.Ready.TotalMilliseconds,7:0} ms   /quit -> exit {warmup.Exit.TotalMilliseconds,5:0} ms   exit code {warmup.ExitCode}");
        var ready = new List<double>();
        var failed = warmup.ExitCode != 0;
        for (var i = 1; i <= runs; i++)
        {
            var run = await RunOnceAsync(host);
            ready.Add(run.Ready.TotalMilliseconds);
            failed |= run.ExitCode != 0;
            Console.WriteLine($"  run {i,-4} ready {run.Ready.TotalMilliseconds,7:0} ms   /quit -> exit {run.Exit.TotalMilliseconds,5:0} ms   exit code {run.ExitCode}");
        }
        ready.Sort();
        var median = ready.Count % 2 == 1 ? ready[ready.Count / 2] : (ready[ready.Count / 2 - 1] + ready[ready.Count / 2]) / 2;
        Console.WriteLine($"  median time to \"{ReadyMarker}\" over {runs} runs: {median:0} ms (min {ready[0]:0}, max {ready[^1]:0})");
        if (failed) Console.WriteLine("FAIL: a run did not exit with code 0");
        return failed ? 1 : 0;
    }

    private static async Task<(TimeSpan Ready, TimeSpan Exit, int ExitCode, string ReadyLine)> RunOnceAsync(string host)
    {
        var temp = RepoPaths.NewTempDirectory("startup");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { host, "--no-hot-reload", "--data-dir", Path.Combine(temp, "data"), "--config-dir", Path.Combine(temp, "config") })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

            var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new List<string>();
            var clock = Stopwatch.StartNew();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (output) output.Add(e.Data);
                if (e.Data.Contains(ReadyMarker, StringComparison.Ordinal)) ready.TrySetResult(e.Data);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) lock (output) output.Add("stderr: " + e.Data);
            };
            string readyLine;
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                readyLine = await ready.Task.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                lock (output) throw new TimeoutException($"rustirc printed no \"{ReadyMarker}\" line within {Timeout.TotalSeconds:0} s. Its output:\n{string.Join('\n', output)}");
            }
            var readyAt = clock.Elapsed;

            await process.StandardInput.WriteAsync("/quit\n");
            await process.StandardInput.FlushAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"rustirc did not exit within {Timeout.TotalSeconds:0} s of /quit");
            }
            var exitAt = clock.Elapsed;
            if (process.ExitCode != 0)
            {
                lock (output) Console.WriteLine($"  rustirc exited with {process.ExitCode}; its output:\n{string.Join('\n', output)}");
            }
            return (readyAt, exitAt - readyAt, process.ExitCode, readyLine);
        }
        finally
        {
            RepoPaths.DeleteQuietly(temp);
        }
    }
}
