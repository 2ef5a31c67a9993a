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
