using RustIrc.Sdk.Permissions;

namespace RustIrc.Sdk.Tests;

public sealed class PermissionTests
{
    [Theory]
    [InlineData("network_access", "network_access", null)]
    [InlineData("FILE_READ:/tmp/x", "file_read", "/tmp/x")]
    [InlineData(" ui_modification ", "ui_modification", null)]
    [InlineData("file_write:/home/u/logs", "file_write", "/home/u/logs")]
    public void Parse_ValidText_ReadsNameAndScope(string text, string name, string? scope)
    {
        var permission = Permission.Parse(text);
        Assert.Equal(name, permission.Name);
        Assert.Equal(scope, permission.Scope);
    }

    [Theory]
    [InlineData("netwrk_access", "is not a permission")]
    [InlineData("file_read", "needs a path")]
    [InlineData("file_write:", "needs a path")]
    [InlineData("network_access:/etc", "takes no scope")]
    [InlineData("", "is not a permission")]
    [InlineData("file_read:logs", "is not an absolute path")]
    [InlineData("file_read:./logs", "is not an absolute path")]
    public void Parse_BadText_ThrowsWithWhatToWrite(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => Permission.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("file_read:/tmp/x/", "/tmp/x")]
    [InlineData("file_read:/tmp//x/./", "/tmp/x")]
    [InlineData("file_read:/tmp/y/../x", "/tmp/x")]
    [InlineData("file_read:/tmp/my dir", "/tmp/my dir")]
    [InlineData("file_read:\"/tmp/my dir/\"", "/tmp/my dir")]
    [InlineData("\"file_read:/tmp/my dir\"", "/tmp/my dir")]
    [InlineData("file_read:/", "/")]
    public void Parse_Paths_OneNormalFormForGrantRevokeAndLookup(string text, string scope)
    {
        Assert.Equal(new Permission(WellKnownPermissions.FileRead, scope), Permission.Parse(text));
    }

    [Fact]
    public void Parse_Tilde_IsTheHomeFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, "logs"), Permission.Parse("file_write:~/logs").Scope);
    }

    [Fact]
    public void ToString_PathWithSpaces_IsQuotedAndReadBackTheSame()
    {
        var permission = Permission.Parse("file_read:/tmp/my dir");

        Assert.Equal("file_read:\"/tmp/my dir\"", permission.ToString());
        Assert.Equal(permission, Permission.Parse(permission.ToString()));
    }

    [Fact]
    public void Without_ThePathWrittenDifferently_RemovesTheGrant()
    {
        var set = PermissionSet.Parse(["file_read:/tmp/x"]);

        var revoked = set.Without(Permission.Parse("file_read:/tmp/x/"));

        Assert.Empty(revoked.Granted);
    }

    [Fact]
    public void Allows_WithAResolver_ComparesAgainstWhatTheGrantedPathResolvesTo()
    {
        var set = PermissionSet.Parse(["file_read:/link"]);
        var request = new Permission(WellKnownPermissions.FileRead, "/real/folder/file.txt");

        Assert.False(set.Allows(request));
        Assert.True(set.Allows(request, path => path == "/link" ? "/real/folder" : path));
        Assert.False(set.Allows(request, _ => throw new IOException("loop")));
    }

    [Fact]
    public void Default_HoldsOnlyUiModification()
    {
        Assert.True(WellKnownPermissions.Default.Allows(new Permission(WellKnownPermissions.UiModification)));
        foreach (var name in WellKnownPermissions.All.Where(n => n != WellKnownPermissions.UiModification))
        {
            Assert.False(WellKnownPermissions.Default.Allows(new Permission(name, WellKnownPermissions.IsScoped(name) ? "/tmp" : null)));
        }
    }

    [Theory]
    [InlineData("/granted/dir/file.txt", true)]
    [InlineData("/granted/dir", true)]
    [InlineData("/granted/dir/sub/deeper/file", true)]
    [InlineData("/granted/dir/../secret.txt", false)]
    [InlineData("/granted/dir/../../etc/passwd", false)]
    [InlineData("/granted/dir-evil/file.txt", false)]
    [InlineData("/granted", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("/granted/dir/\0/x", false)]
    public void Allows_FilePaths_OnlyInsideTheGrantedDirectory(string requested, bool allowed)
    {
        var set = PermissionSet.Parse(["file_read:/granted/dir"]);
        Assert.Equal(allowed, set.Allows(new Permission(WellKnownPermissions.FileRead, requested)));
    }

    [Fact]
    public void Allows_FileWriteGrant_DoesNotAllowRead()
    {
        var set = PermissionSet.Parse(["file_write:/data"]);
        Assert.False(set.Allows(new Permission(WellKnownPermissions.FileRead, "/data/x")));
        Assert.True(set.Allows(new Permission(WellKnownPermissions.FileWrite, "/data/x")));
    }

    [Fact]
    public void WithAndWithout_ReturnNewSets()
    {
        var empty = PermissionSet.Empty;
        var granted = empty.With(new Permission(WellKnownPermissions.NetworkAccess));
        Assert.False(empty.Allows(new Permission(WellKnownPermissions.NetworkAccess)));
        Assert.True(granted.Allows(new Permission(WellKnownPermissions.NetworkAccess)));
        Assert.False(granted.Without(new Permission(WellKnownPermissions.NetworkAccess)).Allows(new Permission(WellKnownPermissions.NetworkAccess)));
    }

    [Fact]
    public void DeniedMessage_NamesExtensionPermissionAndGrantCommand()
    {
        var denied = new PermissionDeniedException(new ExtensionId("lua", "autogreet"), Permission.Parse("file_write:/home/u/log"), "writing a file");
        Assert.Equal("lua 'autogreet' needs permission file_write:/home/u/log for writing a file; grant it with /lua grant autogreet file_write:/home/u/log", denied.Message);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(0, -1, true)]
    [InlineData(0, 1, false)]
    [InlineData(1, 0, false)]
    [InlineData(-1, 0, false)]
    public void SdkInfo_IsCompatible_SameMajorAndNoNewerMinor(int majorStep, int minorStep, bool compatible)
    {
        // Relative to the SDK's own version, so bumping it does not break the rule's test.
        var current = SdkInfo.Parsed;
        var targeted = new Version(current.Major + majorStep, Math.Max(0, current.Minor + minorStep));
        Assert.Equal(compatible, SdkInfo.IsCompatible(targeted));
    }

    [Fact]
    public void SdkInfo_IsCompatible_EveryEarlierMinorOfTheSameMajor()
    {
        for (var minor = 0; minor <= SdkInfo.Parsed.Minor; minor++)
            Assert.True(SdkInfo.IsCompatible(new Version(SdkInfo.Parsed.Major, minor)), $"{SdkInfo.Parsed.Major}.{minor}");
    }
}
