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

    [Theory]
    [InlineData("sdk/RustIrc.Sdk/RustIrc.Sdk.csproj", "<Version>{0}.0</Version>")]
    [InlineData("sdk/RustIrc.Sdk.Testing/RustIrc.Sdk.Testing.csproj", "<Version>{0}.0</Version>")]
    [InlineData("sdk/templates/RustIrc.Templates.csproj", "<Version>{0}.0</Version>")]
    [InlineData("sdk/templates/rustirc-plugin/.template.config/template.json", "\"defaultValue\": \"{0}.0\"")]
    [InlineData("sdk/templates/rustirc-plugin/RustIrcPlugin/module.json", "\"sdkVersion\": \"{0}\"")]
    public void PackagesAndTemplate_NameTheSameVersion(string file, string expected)
    {
        // A new plugin made from the template builds against this SDK, and the packages carry its number.
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, SdkInfo.Version), File.ReadAllText(Path.Combine(RepoRoot(), file)));
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RustIrc.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (RustIrc.sln) is not above " + AppContext.BaseDirectory);
    }
}
