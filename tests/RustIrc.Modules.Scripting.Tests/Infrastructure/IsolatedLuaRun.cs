using System.Diagnostics;

namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>
/// Runs one Lua script in a client in a child process (this test assembly started again with
/// <see cref="Verb"/>), for attempts that may crash the process natively: a crash then fails one test
/// with the exit code instead of ending the whole run.
/// </summary>
internal static class IsolatedLuaRun
{
    public const string Verb = "--isolated-lua";

    /// <summary>What the child printed and how it ended.</summary>
    public sealed record Outcome(int ExitCode, string Output)
    {
        /// <summary>Exit codes past 128 are deaths by signal (134 = SIGABRT, 139 = SIGSEGV).</summary>
        public string Describe() => ExitCode > 128 ? $"the client process died of signal {ExitCode - 128} (exit code {ExitCode})" : $"exit code {ExitCode}";
    }

    /// <summary>
    /// The child: starts a client, loads the script, lets the .NET collector run (a corrupted runtime shows
    /// itself there), checks the client still evaluates Lua, and prints everything it saw.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not [Verb, var script]) return 64;
        await using var client = await ScriptingClient.StartAsync(new ScriptingSetup { WithIrc = true });
        var load = await client.RunAsync($"/lua load {script}");
        Console.WriteLine(load.Text);
        foreach (var line in client.PrintedSince(0)) Console.WriteLine("printed: " + line);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        var after = await client.RunAsync("/lua eval return 'alive after ' .. 40 + 2");
        Console.WriteLine(after.Text);
        return 0;
    }

    /// <summary>Writes <paramref name="source"/> to a file and runs it in a child client; fails after <paramref name="timeout"/>.</summary>
    public static async Task<Outcome> RunAsync(string name, string source, TimeSpan timeout)
    {
        using var folders = new ScriptingFolders();
        var script = Path.Combine(folders.Elsewhere, name + ".lua");
        await File.WriteAllTextAsync(script, source);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(IsolatedLuaRun).Assembly.Location);
        start.ArgumentList.Add(Verb);
        start.ArgumentList.Add(script);
        // A crash dump of a test child is of no use here and takes seconds to write.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child client.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return new Outcome(-1, $"(killed after {timeout.TotalSeconds:0} s)\n{await output}\n{await errors}");
        }
        return new Outcome(process.ExitCode, (await output) + (await errors));
    }
}
