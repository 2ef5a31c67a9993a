using System.Reflection;

namespace RustIrc.Sdk.Testing.Tests;

/// <summary>Where the fixture plugin was built, and a scratch folder for script files.</summary>
internal static class Fixtures
{
    private static readonly string Artifacts = typeof(Fixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RustIrcArtifacts").Value!;

    /// <summary>The Harnessed plugin's folder (module.json and assembly).</summary>
    public static string Harnessed => Path.Combine(Artifacts, "testmodules", "Harnessed");

    /// <summary>Writes <paramref name="text"/> into a new file named <paramref name="name"/> in a fresh temporary folder.</summary>
    public static string Script(string name, string text)
    {
        var folder = Directory.CreateTempSubdirectory("rustirc-harness-script-").FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
