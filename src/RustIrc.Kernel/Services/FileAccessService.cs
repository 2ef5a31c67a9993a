using System.Text;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Services;

/// <summary>
/// Files for one extension. The broker's guard has already checked the path and handed over the real
/// path it checked (no link, no <c>..</c>); this opens exactly that file without following links
/// (<see cref="LinkFreeFile"/>) and holds the caller to its <see cref="FileQuota"/>. Errors name no path.
/// </summary>
/// <remarks>
/// Threats: a link swapped in between the check and the open (the open fails instead); a temporary file
/// for an atomic write made outside the grant (it is made beside the file only when the caller may
/// write that folder, else the file is rewritten in place); a script that fills the disk or reads a huge
/// file into memory (the quota).
/// </remarks>
internal sealed class FileAccessService(Extension consumer) : IFileAccess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string ReadAllText(string path)
    {
        var quota = consumer.FileQuota;
        byte[] bytes;
        try
        {
            bytes = LinkFreeFile.IsSupported ? LinkFreeFile.ReadAll(path, quota.MaxFileBytes) : ReadByName(path, quota.MaxFileBytes);
        }
        catch (LinkFreeFile.QuotaOverflow over)
        {
            throw new QuotaExceededException(
                $"{Who} may read files of at most {Size(quota.MaxFileBytes)} through the client; this one is {Size(over.Length)}");
        }
        var bom = bytes.AsSpan().StartsWith(Utf8.Preamble) ? Utf8.Preamble.Length : 0;
        return Utf8.GetString(bytes, bom, bytes.Length - bom);
    }

    public bool Exists(string path) => LinkFreeFile.IsSupported ? LinkFreeFile.IsFile(path) : File.Exists(path);

    public void WriteAllText(string path, string contents)
    {
        var bytes = Utf8.GetBytes(contents);
        var quota = consumer.FileQuota;
        if (bytes.Length > quota.MaxFileBytes) throw TooLarge(quota, bytes.Length);
        consumer.FileWrites.EnsureRoom(bytes.Length, quota, Who);
        // The temporary file of an atomic write lives beside the file, which must then be in a folder the
        // caller may write; with a grant on the file alone, the file is rewritten in place.
        var beside = consumer.Permissions.Allows(new Permission(WellKnownPermissions.FileWrite, Path.GetDirectoryName(path)), RealPath.Resolve);
        if (LinkFreeFile.IsSupported) LinkFreeFile.Replace(path, bytes, beside);
        else AtomicFile.WriteAllText(path, contents);
        consumer.FileWrites.Add(bytes.Length);
    }

    public void AppendAllText(string path, string contents)
    {
        var bytes = Utf8.GetBytes(contents);
        var quota = consumer.FileQuota;
        consumer.FileWrites.EnsureRoom(bytes.Length, quota, Who);
        try
        {
            if (LinkFreeFile.IsSupported) LinkFreeFile.Append(path, bytes, quota.MaxFileBytes);
            else AppendByName(path, bytes, quota.MaxFileBytes);
        }
        catch (LinkFreeFile.QuotaOverflow over)
        {
            throw TooLarge(quota, over.Length);
        }
        consumer.FileWrites.Add(bytes.Length);
    }

    private string Who => $"{consumer.Id.Kind} '{consumer.Id.Name}'";

    private QuotaExceededException TooLarge(FileQuota quota, long length) => new(
        $"{Who} may make files of at most {Size(quota.MaxFileBytes)} through the client; this write would make one of {Size(length)}");

    internal static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / (double)(1 << 20):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} B",
    };

    // Where openat is not available (not Linux): the checked path by name, which a link swapped in meanwhile could redirect.
    private static byte[] ReadByName(string path, long max)
    {
        var length = new FileInfo(path).Length;
        if (length > max) throw new LinkFreeFile.QuotaOverflow(length);
        return File.ReadAllBytes(path);
    }

    private static void AppendByName(string path, byte[] bytes, long max)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length + bytes.Length > max) throw new LinkFreeFile.QuotaOverflow(length + bytes.Length);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }
}

/// <summary>The bytes an extension wrote through the file service in the current hour.</summary>
internal sealed class FileWriteLedger
{
    private static readonly long Hour = (long)TimeSpan.FromHours(1).TotalMilliseconds;
    private readonly object _gate = new();
    private long _windowStart = -Hour;
    private long _written;

    /// <summary>Refuses a write of <paramref name="bytes"/> that would pass the hour's allowance.</summary>
    public void EnsureRoom(long bytes, FileQuota quota, string who)
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (now - _windowStart >= Hour)
            {
                _windowStart = now;
                _written = 0;
            }
            if (_written + bytes <= quota.MaxBytesPerHour) return;
            var minutes = Math.Max(1, (int)Math.Ceiling((Hour - (now - _windowStart)) / 60_000.0));
            throw new QuotaExceededException(
                $"{who} may write at most {FileAccessService.Size(quota.MaxBytesPerHour)} per hour through the client and has written " +
                $"{FileAccessService.Size(_written)} in this one; this write of {FileAccessService.Size(bytes)} is refused (try again in {minutes} min)");
        }
    }

    public void Add(long bytes)
    {
        lock (_gate) _written += bytes;
    }
}
