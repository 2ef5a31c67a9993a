using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Services;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Tests;

/// <summary>The file service extensions (and scripts' io.open) write through: what it writes, and the quotas it holds them to.</summary>
public sealed class FileAccessTests : IAsyncLifetime
{
    private readonly TestDirectory _files = new();
    private TestKernel _k = null!;

    public async Task InitializeAsync() => _k = await TestKernel.StartAsync(new KernelSetup { Composition = [] });

    public async Task DisposeAsync()
    {
        await _k.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public void AppendAllText_NewFile_StartsWithTheTextNotAByteOrderMark()
    {
        var path = _files.Combine("log.txt");
        using var caller = Caller(FileQuota.Unlimited);

        Files(caller).AppendAllText(path, "é first line\n");
        Files(caller).AppendAllText(path, "second\n");

        Assert.Equal("é first line\nsecond\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void AppendAllText_MissingFolders_AreCreatedInsideTheGrant()
    {
        using var caller = Caller(FileQuota.Unlimited);

        Files(caller).AppendAllText(_files.Combine("a", "b", "log.txt"), "line\n");

        Assert.Equal("line\n", File.ReadAllText(_files.Combine("a", "b", "log.txt")));
    }

    [Fact]
    public void ReadAllText_AFifo_IsRefusedWithoutBlocking()
    {
        var fifo = _files.Combine("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        using var caller = Caller(FileQuota.Unlimited);

        var error = Assert.Throws<IOException>(() => Files(caller).ReadAllText(fifo));

        Assert.Contains("not a regular file", error.Message);
    }

    [Fact]
    public void AppendAllText_PastTheFileQuota_RefusedWithAClearErrorAndTheFileKept()
    {
        var path = _files.Combine("log.txt");
        using var caller = Caller(new FileQuota { MaxFileBytes = 1000, MaxBytesPerHour = 1 << 20 });
        Files(caller).AppendAllText(path, new string('a', 600));

        var refused = Assert.Throws<QuotaExceededException>(() => Files(caller).AppendAllText(path, new string('b', 600)));

        Assert.Equal("module 'probe' may make files of at most 1000 B through the client; this write would make one of 1.2 KB", refused.Message);
        Assert.Equal(new string('a', 600), File.ReadAllText(path));
    }

    [Fact]
    public void WriteAllText_PastTheHourlyQuota_RefusedAndNothingWritten()
    {
        using var caller = Caller(new FileQuota { MaxFileBytes = 1 << 20, MaxBytesPerHour = 3000 });
        for (var i = 0; i < 3; i++) Files(caller).WriteAllText(_files.Combine($"f{i}.txt"), new string('x', 1000));

        var refused = Assert.Throws<QuotaExceededException>(() => Files(caller).WriteAllText(_files.Combine("f3.txt"), "y"));

        Assert.StartsWith("module 'probe' may write at most 2.9 KB per hour through the client and has written 2.9 KB in this one", refused.Message);
        Assert.False(File.Exists(_files.Combine("f3.txt")));
    }

    [Fact]
    public void ReadAllText_AFileOverTheQuota_RefusedBeforeItIsRead()
    {
        var path = _files.Combine("big.txt");
        File.WriteAllText(path, new string('x', 5000));
        using var caller = Caller(new FileQuota { MaxFileBytes = 4096, MaxBytesPerHour = 1 << 20 });

        var refused = Assert.Throws<QuotaExceededException>(() => Files(caller).ReadAllText(path));

        Assert.Contains("may read files of at most 4 KB", refused.Message);
    }

    [Fact]
    public void LinkFreeFile_ALinkSwappedInAfterTheCheck_IsNotFollowed()
    {
        // The check saw a real folder "sub"; by the time of the open, another program made it a link out.
        File.WriteAllText(Path.Combine(_files.Create("elsewhere"), "secret.txt"), "secret");
        Directory.CreateSymbolicLink(_files.Combine("sub"), _files.Combine("elsewhere"));

        var error = Assert.Throws<IOException>(() => LinkFreeFile.ReadAll(_files.Combine("sub", "secret.txt"), long.MaxValue));

        Assert.Contains("symbolic link", error.Message);
        Assert.DoesNotContain("elsewhere", error.Message);
    }

    [Fact]
    public void LinkFreeFile_AFileSwappedForALink_IsNotWrittenThrough()
    {
        File.WriteAllText(_files.Combine("target.txt"), "untouched");
        File.CreateSymbolicLink(_files.Combine("log.txt"), _files.Combine("target.txt"));

        Assert.Throws<IOException>(() => LinkFreeFile.Append(_files.Combine("log.txt"), "x"u8, long.MaxValue));

        Assert.Equal("untouched", File.ReadAllText(_files.Combine("target.txt")));
    }

    [Fact]
    public void LinkFreeFile_ReplaceBeside_DeletesWhatAKilledWriterLeftAndLeavesNothingOfItsOwn()
    {
        int exited;
        using (var process = System.Diagnostics.Process.Start("true")) { process.WaitForExit(); exited = process.Id; }
        var leftover = _files.Combine($".notes.txt.{exited}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(leftover, "half");

        LinkFreeFile.Replace(_files.Combine("notes.txt"), "whole"u8, beside: true);

        Assert.Equal("whole", File.ReadAllText(_files.Combine("notes.txt")));
        Assert.Equal(["notes.txt"], Directory.GetFiles(_files.Path).Select(Path.GetFileName));
    }

    private Extension Caller(FileQuota quota) => new(ExtensionId.Module("probe"), new PermissionSet(
    [
        new Permission(WellKnownPermissions.FileRead, _files.Path),
        new Permission(WellKnownPermissions.FileWrite, _files.Path),
    ]))
    { FileQuota = quota };

    private IFileAccess Files(Extension caller) => _k.Kernel.Broker.Get<IFileAccess>(caller);
}
