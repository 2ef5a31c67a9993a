using System.Diagnostics;

namespace RustIrc.Tests.Shared;

/// <summary>
/// Builds native plugins for tests with the real gcc, against the repository's rustirc-plugin.h.
/// Linked into each test project that needs it (tests/Shared).
/// </summary>
internal static class NativeCompiler
{
    /// <summary>The repository's root: the folder above the test assembly that holds RustIrc.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where rustirc/rustirc-plugin.h is.</summary>
    public static string Include => Path.Combine(Root, "sdk", "native", "include");

    /// <summary>
    /// Compiles <paramref name="source"/> (relative to the repository root, or absolute) into the shared
    /// library <paramref name="output"/> with every warning an error; <paramref name="flags"/> are added.
    /// </summary>
    /// <exception cref="InvalidOperationException">gcc is missing, or the source does not compile (gcc's messages included).</exception>
    public static async Task<string> CompileAsync(string source, string output, params string[] flags)
    {
        var arguments = new List<string> { "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-O2", "-shared", "-fPIC", "-pthread", "-Wall", "-Wextra", "-Werror", $"-I{Include}", "-o", output };
        arguments.AddRange(flags);
        arguments.Add(Path.IsPathRooted(source) ? source : Path.Combine(Root, source));
        var (exitCode, messages) = await RunAsync("gcc", arguments);
        if (exitCode != 0) throw new InvalidOperationException($"gcc could not build {source}:\n{messages}");
        return output;
    }

    /// <summary>Runs a program to its end; its exit code and everything it wrote.</summary>
    /// <exception cref="InvalidOperationException">The program is not installed (the message names its package).</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string? package = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A null value takes the variable out of the child's environment.
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            var name = package ?? Path.GetFileName(program);
            throw new InvalidOperationException($"{Path.GetFileName(program)} is needed for this test: apt-get install {name} (./run-tests installs it when run as root).");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RustIrc.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"RustIrc.sln was not found above {AppContext.BaseDirectory}");
    }
}
