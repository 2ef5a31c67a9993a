namespace RustIrc.Sdk.Services;

/// <summary>
/// How much an extension may read and write through <see cref="IFileAccess"/>: the largest file it may
/// read or make, and the bytes it may write in any one hour. The kernel enforces it on every call, in
/// the extension's name, and refuses what would pass it with <see cref="QuotaExceededException"/>.
/// </summary>
/// <remarks>
/// Threat: a script granted one folder fills the disk (a loop of appends), or reads a huge file into the
/// client's memory. A module is trusted and runs <see cref="Unlimited"/>; a hosted extension (a script)
/// runs under what its host sets, <see cref="Default"/> unless it says otherwise.
/// </remarks>
public sealed record FileQuota
{
    /// <summary>The size no file may pass through a write, and the largest file that may be read.</summary>
    public long MaxFileBytes { get; init; } = 16L << 20;

    /// <summary>The bytes that may be written, over every file together, in one hour.</summary>
    public long MaxBytesPerHour { get; init; } = 64L << 20;

    /// <summary>16 MB per file, 64 MB written per hour.</summary>
    public static FileQuota Default { get; } = new();

    /// <summary>No limit.</summary>
    public static FileQuota Unlimited { get; } = new() { MaxFileBytes = long.MaxValue, MaxBytesPerHour = long.MaxValue };
}

/// <summary>A file call refused because it would pass the caller's <see cref="FileQuota"/>; the message says which limit and by how much.</summary>
public sealed class QuotaExceededException(string message) : IOException(message);
