using RustIrc.Sdk;

namespace RustIrc.Sdk.Tests;

/// <summary>The contract version in code, in the assembly and in the package are one number.</summary>
public sealed class SdkVersionTests
{
    [Fact]
    public void AssemblyVersion_MatchesSdkInfoVersion()
    {
        var assembly = typeof(SdkInfo).Assembly.GetName().Version!;

        // The kernel reads a module's reference to this assembly version to know what it was built against.
        Assert.Equal(SdkInfo.Version, $"{assembly.Major}.{assembly.Minor}");
    }

    [Fact]
    public void PackageProps_NameTheSameVersion()
    {
        var props = Path.Combine(RepoRoot(), "sdk", "RustIrc.Sdk", "build", "RustIrc.Sdk.props");

        // Plugins building against the package compare their module.json with this property.
        Assert.Contains($"<RustIrcSdkVersion>{SdkInfo.Version}</RustIrcSdkVersion>", File.ReadAllText(props));
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RustIrc.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (RustIrc.sln) is not above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(0, -1, true)]
    [InlineData(0, 1, false)]
    [InlineData(1, 0, false)]
    [InlineData(-1, 0, false)]
    public void IsCompatible_SameMajorAndNoNewerMinor(int majorOffset, int minorOffset, bool compatible)
    {
        var current = SdkInfo.Parsed;
        var targeted = new Version(current.Major + majorOffset, Math.Max(0, current.Minor + minorOffset));

        Assert.Equal(compatible, SdkInfo.IsCompatible(targeted));
    }
}
