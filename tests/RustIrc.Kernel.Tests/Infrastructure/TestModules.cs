using System.Reflection;

namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>
/// The built fixture modules in <c>artifacts/&lt;Configuration&gt;/testmodules/</c> (named by the
/// <c>RustIrcArtifacts</c> assembly metadata), and copying them into a test's own modules directory.
/// </summary>
internal static class TestModules
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Copies fixture folder <paramref name="fixture"/> (e.g. <c>Good</c>, or <c>DependencyCycle/cycle-a</c>
    /// for one module of a multi-module fixture) into <paramref name="modulesDirectory"/>, under its last
    /// path segment or <paramref name="as"/>. Returns the new module folder.
    /// </summary>
    public static string CopyTo(string fixture, string modulesDirectory, string? @as = null)
    {
        var source = Path.Combine(Root, fixture);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"Fixture module {fixture} is not built at {source}; build tests/RustIrc.Kernel.Tests.");
        }
        var target = Path.Combine(modulesDirectory, @as ?? Path.GetFileName(fixture));
        CopyFolder(source, target);
        return target;
    }

    /// <summary>Copies the files (not subfolders) of a fixture over <paramref name="target"/>, as a rebuild would.</summary>
    public static void CopyFiles(string fixture, string target) => CopyFolder(Path.Combine(Root, fixture), target);

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static string FindRoot()
    {
        var artifacts = typeof(TestModules).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RustIrcArtifacts")?.Value
            ?? throw new InvalidOperationException("The test assembly has no RustIrcArtifacts metadata; see Directory.Build.targets.");
        return Path.Combine(artifacts, "testmodules");
    }
}
