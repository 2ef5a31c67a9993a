using RustIrc.Kernel.Services;
using RustIrc.Kernel.Tests.Infrastructure;

namespace RustIrc.Kernel.Tests;

/// <summary>The file service extensions (and scripts' io.open) write through.</summary>
public sealed class FileAccessTests
{
    [Fact]
    public void AppendAllText_NewFile_StartsWithTheTextNotAByteOrderMark()
    {
        using var files = new TestDirectory();
        var path = files.Combine("log.txt");

        new FileAccessService().AppendAllText(path, "é first line\n");
        new FileAccessService().AppendAllText(path, "second\n");

        Assert.Equal("é first line\nsecond\n"u8.ToArray(), File.ReadAllBytes(path));
    }
}
