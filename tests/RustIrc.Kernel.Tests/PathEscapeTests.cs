using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// Hostile paths against a caller granted <c>file_read</c> and <c>file_write</c> on one folder only,
/// through the kernel's <see cref="IFileAccess"/>. Layout: <c>granted/</c> (with <c>inside.txt</c>,
/// <c>sub/</c>, a link <c>link-out</c> to <c>outside/</c>, a link <c>secret-link.txt</c> to
/// <c>outside/secret.txt</c>, a link <c>link-in</c> to <c>granted/sub</c>), <c>outside/secret.txt</c>
/// and <c>granted-evil/secret.txt</c>.
/// </summary>
public sealed class PathEscapeTests : IAsyncLifetime
{
    private readonly TestDirectory _root = new();
    private TestKernel _k = null!;
    private Extension _caller = null!;

    public static TheoryData<string> Escapes => new(
        "granted/../outside/secret.txt",
        "granted/sub/../../outside/secret.txt",
        "granted/link-out/secret.txt",
        "granted/secret-link.txt",
        "outside/secret.txt",
        "granted-evil/secret.txt",
        "granted/../granted-evil/secret.txt");

    public static TheoryData<string> Inside => new(
        "granted/inside.txt",
        "granted/sub/../inside.txt",
        "granted/./inside.txt",
        "granted/link-in/deeper.txt");

    public async Task InitializeAsync()
    {
        var granted = _root.Create("granted");
        _root.Create("granted", "sub");
        File.WriteAllText(_root.Combine("granted", "inside.txt"), "inside");
        File.WriteAllText(_root.Combine("granted", "sub", "deeper.txt"), "deeper");
        File.WriteAllText(Path.Combine(_root.Create("outside"), "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(_root.Create("granted-evil"), "secret.txt"), "secret");
        Directory.CreateSymbolicLink(_root.Combine("granted", "link-out"), _root.Combine("outside"));
        Directory.CreateSymbolicLink(_root.Combine("granted", "link-in"), _root.Combine("granted", "sub"));
        File.CreateSymbolicLink(_root.Combine("granted", "secret-link.txt"), _root.Combine("outside", "secret.txt"));

        _k = await TestKernel.StartAsync(new KernelSetup { Composition = [] });
        _caller = new Extension(ExtensionId.Module("probe"), new PermissionSet(
        [
            new Permission(WellKnownPermissions.FileRead, granted),
            new Permission(WellKnownPermissions.FileWrite, granted),
        ]));
    }

    public async Task DisposeAsync()
    {
        _caller.Dispose();
        await _k.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    [InlineData("/etc/passwd")]
    [InlineData("secret.txt")]
    [InlineData("")]
    public void ReadAllText_PathOutsideTheGrant_Denied(string path)
    {
        var denied = Assert.Throws<PermissionDeniedException>(() => Files.ReadAllText(Resolve(path)));

        Assert.Equal(WellKnownPermissions.FileRead, denied.Permission.Name);
        Assert.Equal("module:probe", denied.Extension.ToString());
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    [InlineData("")]
    public void WriteAllText_PathOutsideTheGrant_DeniedAndNothingWritten(string path)
    {
        var denied = Assert.Throws<PermissionDeniedException>(() => Files.WriteAllText(Resolve(path), "overwritten"));

        Assert.Equal(WellKnownPermissions.FileWrite, denied.Permission.Name);
        Assert.Equal("secret", File.ReadAllText(_root.Combine("outside", "secret.txt")));
        Assert.Equal("secret", File.ReadAllText(_root.Combine("granted-evil", "secret.txt")));
    }

    [Fact]
    public void WriteAllText_NewFileThroughLinkOutOfTheGrant_DeniedAndNotCreated()
    {
        Assert.Throws<PermissionDeniedException>(() => Files.WriteAllText(_root.Combine("granted", "link-out", "new.txt"), "x"));

        Assert.False(File.Exists(_root.Combine("outside", "new.txt")));
    }

    [Theory]
    [MemberData(nameof(Inside))]
    public void ReadAllText_PathInsideTheGrant_Allowed(string path)
    {
        Assert.NotEmpty(Files.ReadAllText(Resolve(path)));
    }

    [Theory]
    [MemberData(nameof(Inside))]
    public void WriteAllText_PathInsideTheGrant_Allowed(string path)
    {
        Files.WriteAllText(Resolve(path), "rewritten");

        Assert.Equal("rewritten", File.ReadAllText(Resolve(path)));
    }

    private IFileAccess Files => _k.Kernel.Broker.Get<IFileAccess>(_caller);

    /// <summary>Test paths are relative to the layout root unless absolute or empty; "secret.txt" stays relative to the working directory.</summary>
    private string Resolve(string path) =>
        path.Length == 0 || Path.IsPathRooted(path) || !path.Contains('/') ? path : _root.Path + "/" + path;
}
