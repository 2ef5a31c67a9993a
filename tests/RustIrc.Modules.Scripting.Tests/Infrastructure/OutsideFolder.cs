namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>A temporary folder outside every grant, for escape attempts to aim at; deleted on dispose.</summary>
internal sealed class OutsideFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rustirc-sandbox-outside-").FullName;

    /// <summary>A file here holding a secret; returns its path and content.</summary>
    public (string Path, string Secret) Secret()
    {
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var path = System.IO.Path.Combine(Path, "secret.txt");
        File.WriteAllText(path, secret);
        return (path, secret);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
