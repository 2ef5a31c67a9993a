using System.Reflection;
using System.Text.RegularExpressions;
using RustIrc.Tests.Shared;

namespace RustIrc.Host.Tests;

/// <summary>
/// A plugin made the way a plugin author makes one: the SDK and template packages packed into a local
/// feed, the <c>rustirc-plugin</c> template installed from its package and instantiated as <c>Seen</c>,
/// and the result restored and built offline against that feed. The packages get a version of their own per run, so no earlier
/// build lingers in a NuGet cache.
/// </summary>
public sealed partial class GeneratedPlugin : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("rustirc-template-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The generated solution folder (Seen/Seen.slnx, Seen/Seen, Seen/Seen.Tests).</summary>
    public string Solution => Path.Combine(Root, "Seen");

    public string PackageVersion { get; private set; } = "";

    /// <summary>
    /// The configuration this test run was built in, whose SDK build is packed: `dotnet pack` would
    /// otherwise pack Release, which a clean checkout has not built.
    /// </summary>
    private static string Configuration => typeof(GeneratedPlugin).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public async Task InitializeAsync()
    {
        var sdk = SdkVersionPattern().Match(await File.ReadAllTextAsync(Path.Combine(NativeCompiler.Root, "sdk", "RustIrc.Sdk", "build", "RustIrc.Sdk.props"))).Groups[1].Value;
        PackageVersion = $"{sdk}.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        foreach (var project in new[] { "sdk/RustIrc.Sdk", "sdk/RustIrc.Sdk.Testing" })
        {
            await DotnetAsync(["pack", Path.Combine(NativeCompiler.Root, project), "--no-build", "-c", Configuration, "-nologo", "-v", "quiet", $"-p:Version={PackageVersion}", "-o", Feed]);
        }
        // The template is installed from its package, as a user given the .nupkg does (the folder holds the same files).
        await DotnetAsync(["pack", Path.Combine(NativeCompiler.Root, "sdk", "templates", "RustIrc.Templates.csproj"), "-c", Configuration, "-nologo", "-v", "quiet", $"-p:Version={PackageVersion}", "-o", Feed]);
        var hive = Path.Combine(Root, "hive");
        await DotnetAsync(["new", "install", Path.Combine(Feed, $"RustIrc.Templates.{PackageVersion}.nupkg"), "--debug:custom-hive", hive]);
        await DotnetAsync(["new", "rustirc-plugin", "-n", "Seen", "-o", Solution, "--sdkPackageVersion", PackageVersion, "--feed", Feed, "--debug:custom-hive", hive]);
        await BuildAsync(Solution);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A folder left in the temp directory is harmless.
        }
        return Task.CompletedTask;
    }

    /// <summary>Builds <paramref name="path"/> (a project or the solution folder) against the local feed.</summary>
    public Task<string> BuildAsync(string path, bool mustSucceed = true) => DotnetAsync(["build", path, .. RestoreArguments], mustSucceed);

    /// <summary>
    /// Restores into a folder of this run only, falling back on the user's cache for everything else
    /// (xunit, the Microsoft.Extensions packages), so nothing is downloaded.
    /// </summary>
    public string[] RestoreArguments => ["-nologo", "-v", "quiet", $"-p:RestorePackagesPath={Path.Combine(Root, "packages")}",
        $"-p:RestoreFallbackFolders={Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}"];

    /// <summary>A copy of the generated solution, without build output, for a test that changes it.</summary>
    public string CopySolution(string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(Solution, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Solution, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }

    /// <summary>Runs dotnet; its output, or a failure with that output.</summary>
    public static async Task<string> DotnetAsync(IReadOnlyList<string> arguments, bool mustSucceed = true)
    {
        // The test host's MSBuild settings would steer the child's build into the test run's SDK paths.
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)))
        {
            environment[name] = null;
        }
        var (exitCode, output) = await NativeCompiler.RunAsync("dotnet", arguments, environment: environment);
        if (mustSucceed && exitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        return output;
    }

    [GeneratedRegex("<RustIrcSdkVersion>([0-9.]+)</RustIrcSdkVersion>")]
    private static partial Regex SdkVersionPattern();
}
