namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        // Resolve the temp folder once, so paths compared with the kernel's real paths match even if /tmp is a link.
        var root = Kernel.Permissions.RealPath.Resolve(System.IO.Path.GetTempPath());
        Path = System.IO.Path.Combine(root, "rustirc-kernel-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates a subdirectory and returns its path.</summary>
    public string Create(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open only leaves a folder in /tmp behind.
        }
    }
}
