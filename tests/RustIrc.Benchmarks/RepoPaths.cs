using System.Reflection;

namespace RustIrc.Benchmarks;

/// <summary>
/// Finds the repository and the built artifacts. BenchmarkDotNet runs each benchmark in a separate
/// process built into a folder of its own under bin/, so paths are found by walking up to RustIrc.sln.
/// </summary>
internal static class RepoPaths
{
    /// <summary>The folder holding RustIrc.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this assembly was built in (Release or Debug): artifacts of the same one are used.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Release";

    /// <summary>artifacts/&lt;Configuration&gt;/.</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts", Configuration);

    /// <summary>artifacts/&lt;Configuration&gt;/modules.</summary>
    public static string Modules => Path.Combine(Artifacts, "modules");

    /// <summary>artifacts/&lt;Configuration&gt;/rustirc/rustirc.dll.</summary>
    public static string Host => Path.Combine(Artifacts, "rustirc", "rustirc.dll");

    /// <summary>Fails with the command that fixes it when <paramref name="path"/> was not built.</summary>
    public static string Require(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist; build first: dotnet build RustIrc.sln -c {Configuration}", path);
        }
        return path;
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rustirc-bench-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a folder made by <see cref="NewTempDirectory"/>, ignoring failures.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RustIrc.sln"))) return directory.FullName;
        }
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RustIrc.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException(
            $"RustIrc.sln was not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; run the benchmarks from the repository.");
    }
}
