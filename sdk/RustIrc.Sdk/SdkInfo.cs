namespace RustIrc.Sdk;

/// <summary>Version facts a module is checked against before any of its code runs.</summary>
public static class SdkInfo
{
    /// <summary>
    /// The contract version, <c>major.minor</c>. A module built for <c>1.x</c> loads on any host whose
    /// major version is 1 and whose minor version is at least x. Bump the minor version when the SDK
    /// gains members, the major version when it loses or changes any.
    /// </summary>
    public const string Version = "1.8";

    /// <summary>Parses <see cref="Version"/>.</summary>
    public static System.Version Parsed { get; } = System.Version.Parse(Version);

    /// <summary>
    /// Whether a module that targets <paramref name="targeted"/> can run on this SDK: same major
    /// version, and a minor version no newer than ours.
    /// </summary>
    public static bool IsCompatible(System.Version targeted) =>
        targeted.Major == Parsed.Major && targeted.Minor <= Parsed.Minor;
}
