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
/// <c>outside/secret.txt</c>, a link <c>link-in</c> to <c>granted/sub</c>, and the links of the first
/// reported escape: <c>sub2</c> to <c>outside/</c> and <c>D</c> to <c>sub2/..</c>, which is the layout
/// root, not <c>granted</c>; a file link <c>L</c> to <c>sub2/../outside/secret.txt</c>; a dangling link
/// <c>dangling</c> to <c>outside/new.txt</c>; and <c>loop1</c>/<c>loop2</c> pointing at each other),
/// <c>outside/secret.txt</c>, <c>granted-evil/secret.txt</c> and <c>config/config.json</c>.
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
        "granted/../granted-evil/secret.txt",
        "granted/D/outside/secret.txt",
        "granted/D/granted-evil/secret.txt",
        "granted/L",
        "granted/sub2/../outside/secret.txt",
        "granted/D/config/config.json");

    public static TheoryData<string> Inside => new(
        "granted/inside.txt",
        "granted/sub/../inside.txt",
        "granted/./inside.txt",
        "granted/link-in/deeper.txt",
        "granted/D/granted/inside.txt");

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
        // Relative targets holding "..", as they come in an unpacked archive: folded as text they stay inside.
        Directory.CreateSymbolicLink(_root.Combine("granted", "sub2"), _root.Combine("outside"));
        Directory.CreateSymbolicLink(_root.Combine("granted", "D"), "sub2/..");
        File.CreateSymbolicLink(_root.Combine("granted", "L"), "sub2/../outside/secret.txt");
        File.CreateSymbolicLink(_root.Combine("granted", "dangling"), _root.Combine("outside", "new.txt"));
        File.CreateSymbolicLink(_root.Combine("granted", "loop1"), "loop2");
        File.CreateSymbolicLink(_root.Combine("granted", "loop2"), "loop1");
        File.WriteAllText(Path.Combine(_root.Create("config"), "config.json"), "{}");

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
        Assert.Equal("{}", File.ReadAllText(_root.Combine("config", "config.json")));
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void AppendAllText_PathOutsideTheGrant_DeniedAndNothingWritten(string path)
    {
        Assert.Throws<PermissionDeniedException>(() => Files.AppendAllText(Resolve(path), "appended"));

        Assert.Equal("secret", File.ReadAllText(_root.Combine("outside", "secret.txt")));
        Assert.Equal("{}", File.ReadAllText(_root.Combine("config", "config.json")));
    }

    [Fact]
    public void WriteAllText_ThroughADanglingLinkLeadingOut_DeniedAndTheTargetNotCreated()
    {
        Assert.Throws<PermissionDeniedException>(() => Files.WriteAllText(_root.Combine("granted", "dangling"), "x"));
        Assert.Throws<PermissionDeniedException>(() => Files.AppendAllText(_root.Combine("granted", "dangling"), "x"));

        Assert.False(File.Exists(_root.Combine("outside", "new.txt")));
    }

    [Fact]
    public void ReadAllText_LinksThatLoop_FailWithAClearErrorInsteadOfHanging()
    {
        var error = Assert.Throws<IOException>(() => Files.ReadAllText(_root.Combine("granted", "loop1")));

        Assert.Contains("too many levels of symbolic links", error.Message);
        Assert.StartsWith(_root.Combine("granted", "loop1"), error.Message);
    }

    [Fact]
    public void Denial_ThroughALinkLeadingOut_NamesThePathAsAskedNeverWhereItLeads()
    {
        var asked = _root.Combine("granted", "D", "outside", "secret.txt");

        var denied = Assert.Throws<PermissionDeniedException>(() => Files.ReadAllText(asked));

        Assert.Contains($"file_read:{asked} ", denied.Message);
        Assert.DoesNotContain(_root.Combine("outside"), denied.Message);
    }

    [Fact]
    public void Denial_OfAProcFileDescriptor_DoesNotSayWhatTheDescriptorIsOpenOn()
    {
        using var secret = File.Create(_root.Combine("outside", "hidden-name-7f3a.txt"));
        var descriptor = secret.SafeFileHandle.DangerousGetHandle();

        var denied = Assert.Throws<PermissionDeniedException>(() => Files.Exists($"/proc/self/fd/{descriptor}"));

        Assert.Contains($"/proc/self/fd/{descriptor}", denied.Message);
        Assert.DoesNotContain("hidden-name-7f3a", denied.Message);
    }

    [Fact]
    public void WriteAllText_TheGrantedFolderItself_FailsAndLeavesNoFileBesideIt()
    {
        var before = Directory.GetFileSystemEntries(_root.Path).Order().ToArray();

        Assert.Throws<IOException>(() => Files.WriteAllText(_root.Combine("granted"), "x"));

        Assert.Equal(before, Directory.GetFileSystemEntries(_root.Path).Order().ToArray());
    }

    [Fact]
    public void WriteAllText_UnderAGrantOfTheFileAlone_RewritesItInPlaceWithNoTemporaryFileBesideIt()
    {
        var single = _root.Combine("outside", "single.txt");
        File.WriteAllText(single, "old contents, longer than the new");
        using var caller = new Extension(ExtensionId.Module("single"), new PermissionSet([new Permission(WellKnownPermissions.FileWrite, single)]));
        var files = _k.Kernel.Broker.Get<IFileAccess>(caller);
        using var watcher = new FileSystemWatcher(_root.Combine("outside")) { EnableRaisingEvents = true };
        var created = new List<string>();
        watcher.Created += (_, e) => { lock (created) created.Add(e.Name!); };

        files.WriteAllText(single, "new");
        Thread.Sleep(200); // let the watcher report what was made

        Assert.Equal("new", File.ReadAllText(single));
        lock (created) Assert.Empty(created);
    }

    [Fact]
    public void WriteAllText_InTheGrantedFolder_IsAtomicWithItsTemporaryFileInsideTheGrant()
    {
        using var watcher = new FileSystemWatcher(_root.Path) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        var created = new List<string>();
        watcher.Created += (_, e) => { lock (created) created.Add(e.FullPath); };

        Files.WriteAllText(_root.Combine("granted", "new.txt"), "contents");
        Thread.Sleep(200);

        Assert.Equal("contents", File.ReadAllText(_root.Combine("granted", "new.txt")));
        lock (created)
        {
            Assert.Contains(created, path => path.EndsWith(".tmp", StringComparison.Ordinal));
            Assert.All(created, path => Assert.StartsWith(_root.Combine("granted") + "/", path));
        }
    }

    [Fact]
    public void ReadAllText_GrantNamedThroughALink_CoversWhatTheLinkLeadsTo()
    {
        var link = _root.Combine("link-to-outside");
        Directory.CreateSymbolicLink(link, _root.Combine("outside"));
        using var caller = new Extension(ExtensionId.Module("linked"), new PermissionSet([new Permission(WellKnownPermissions.FileRead, link)]));

        Assert.Equal("secret", _k.Kernel.Broker.Get<IFileAccess>(caller).ReadAllText(_root.Combine("outside", "secret.txt")));
    }

    [Fact]
    public void ReadAllText_ALinkMadeAfterAnEarlierAllowedRead_IsCheckedAgainOnTheNextCall()
    {
        var path = _root.Combine("granted", "later.txt");
        File.WriteAllText(path, "inside");
        Assert.Equal("inside", Files.ReadAllText(path));

        File.Delete(path);
        File.CreateSymbolicLink(path, _root.Combine("outside", "secret.txt"));

        Assert.Throws<PermissionDeniedException>(() => Files.ReadAllText(path));
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
