using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using RustIrc.Sdk;

namespace RustIrc.Kernel.Services;

/// <summary>
/// Opens, creates and replaces files by a real path (one the permission check resolved, holding no link)
/// without following any link on the way: every folder from <c>/</c> down is opened with
/// <c>openat(…, O_NOFOLLOW)</c> relative to the one before. So the file reached is the one that was
/// checked; a link another program swaps in after the check makes the call fail instead of leading out.
/// </summary>
/// <remarks>
/// Linux only (x64 and arm64, whose flag values differ); elsewhere <see cref="IsSupported"/> is false and
/// the file service falls back to opening the checked path by name. Errors never name a path: the caller
/// knows what it asked for, and the real path may say more than it should.
/// </remarks>
internal static partial class LinkFreeFile
{
    private const int ReadOnly = 0, WriteOnly = 1, Create = 0x40, Exclusive = 0x80, AtEnd = 0x400,
        NonBlocking = 0x800, CloseOnExec = 0x80000, PathOnly = 0x200000;
    private const int ENOENT = 2, EACCES = 13, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, ENOSPC = 28, EROFS = 30, ELOOP = 40, EDQUOT = 122;
    private const uint TypeMask = 0xF000, RegularFile = 0x8000, Folder = 0x4000;

    // The files whose leftovers were looked for once in this process.
    private static readonly ConcurrentDictionary<string, byte> Swept = new(StringComparer.Ordinal);

    private static readonly (int Folder, int NoFollow)? Flags = RuntimeInformation.ProcessArchitecture switch
    {
        _ when !OperatingSystem.IsLinux() => null,
        Architecture.X64 => (0x10000, 0x20000),
        Architecture.Arm64 => (0x4000, 0x8000),
        _ => null,
    };

    /// <summary>Whether files can be opened this way on this system.</summary>
    public static bool IsSupported => Flags is not null;

    private static int FolderFlag => Flags!.Value.Folder;

    private static int NoFollow => Flags!.Value.NoFollow;

    /// <summary>The contents of the regular file at <paramref name="path"/>, refused when it is over <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAll(string path, long maxBytes)
    {
        using var folder = OpenParent(path, create: false);
        using var file = OpenIn(folder, Path.GetFileName(path), ReadOnly);
        var length = RegularLength(file);
        if (length > maxBytes) throw new QuotaOverflow(length);
        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read), read);
            if (n == 0) break; // it shrank meanwhile
            read += n;
        }
        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>Whether a regular file is at <paramref name="path"/>.</summary>
    public static bool IsFile(string path)
    {
        try
        {
            using var folder = OpenParent(path, create: false);
            using var file = OpenIn(folder, Path.GetFileName(path), PathOnly);
            return (Mode(file) & TypeMask) == RegularFile;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The size of the regular file at <paramref name="path"/>, or 0 when there is none.</summary>
    public static long Length(string path)
    {
        try
        {
            using var folder = OpenParent(path, create: false);
            using var file = OpenIn(folder, Path.GetFileName(path), PathOnly);
            return (Mode(file) & TypeMask) == RegularFile ? Size(file) : 0;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Adds <paramref name="bytes"/> at the end of the file at <paramref name="path"/>, creating it and its
    /// folders when missing; nothing is written when the file would pass <paramref name="maxLength"/>.
    /// </summary>
    public static void Append(string path, ReadOnlySpan<byte> bytes, long maxLength)
    {
        using var folder = OpenParent(path, create: true);
        using var file = OpenIn(folder, Path.GetFileName(path), WriteOnly | AtEnd | Create);
        var length = RegularLength(file);
        if (length + bytes.Length > maxLength) throw new QuotaOverflow(length + bytes.Length);
        RandomAccess.Write(file, bytes, length); // O_APPEND: the kernel writes at the end whatever the offset
    }

    /// <summary>
    /// Replaces the file at <paramref name="path"/> with <paramref name="bytes"/>. With
    /// <paramref name="beside"/>, the bytes go to a new temporary file in the same folder, flushed to the
    /// disk, which is then renamed over the file, so readers (and the next start after a crash) see the
    /// old or the new contents; without, the file is rewritten in place (when only the file itself, not
    /// its folder, may be written), which a crash in the middle can leave cut short.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> bytes, bool beside)
    {
        var name = Path.GetFileName(path);
        using var folder = OpenParent(path, create: true);
        if (!beside)
        {
            using var file = OpenIn(folder, name, WriteOnly | Create);
            RegularLength(file);
            RandomAccess.SetLength(file, 0);
            RandomAccess.Write(file, bytes, 0);
            return;
        }
        using (var existing = TryOpenIn(folder, name, PathOnly))
        {
            if (existing is not null && (Mode(existing) & TypeMask) == Folder) throw new IOException("it is a folder, not a file");
        }
        if (Swept.TryAdd(path, 0)) RemoveLeftovers(folder, path, "." + name);
        var temporary = $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var file = OpenIn(folder, temporary, WriteOnly | Create | Exclusive))
        {
            try
            {
                RandomAccess.Write(file, bytes, 0);
                RandomAccess.FlushToDisk(file);
            }
            catch
            {
                Unlink(folder, temporary);
                throw;
            }
        }
        if (Native.RenameAt(folder.Fd, temporary, folder.Fd, name) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Unlink(folder, temporary);
            throw Failure(error);
        }
    }

    /// <summary>Deletes the temporary files a killed process left beside <paramref name="path"/> (<see cref="AtomicFile.IsLeftover"/>).</summary>
    private static void RemoveLeftovers(FolderHandle folder, string path, string temporaryPrefix)
    {
        try
        {
            // Listed by path but deleted relative to the checked folder: a link swapped in meanwhile can
            // only hide leftovers, not aim the deletion at another folder.
            foreach (var candidate in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, temporaryPrefix + ".*.tmp").Select(Path.GetFileName))
            {
                if (AtomicFile.IsLeftover(candidate!, temporaryPrefix)) Unlink(folder, candidate!);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Tidying up is not worth failing the write for.
        }
    }

    /// <summary>Opens the folder <paramref name="path"/> lies in, walking from <c>/</c>, creating missing folders when asked.</summary>
    private static FolderHandle OpenParent(string path, bool create)
    {
        if (!Path.IsPathRooted(path) || Path.GetFileName(path).Length == 0) throw new IOException("no file named (the path is a folder)");
        var parts = Path.GetDirectoryName(path)!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new FolderHandle(Native.Open("/", PathOnly | FolderFlag | CloseOnExec, 0));
        if (current.Fd < 0) throw Failure(Marshal.GetLastPInvokeError());
        foreach (var part in parts)
        {
            var next = Native.OpenAt(current.Fd, part, PathOnly | FolderFlag | NoFollow | CloseOnExec, 0);
            if (next < 0 && Marshal.GetLastPInvokeError() == ENOENT && create)
            {
                if (Native.MkdirAt(current.Fd, part, 0x1FF) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
                {
                    var error = Marshal.GetLastPInvokeError();
                    current.Dispose();
                    throw Failure(error);
                }
                next = Native.OpenAt(current.Fd, part, PathOnly | FolderFlag | NoFollow | CloseOnExec, 0);
            }
            var failure = next < 0 ? Marshal.GetLastPInvokeError() : 0;
            current.Dispose();
            if (next < 0) throw Failure(failure);
            current = new FolderHandle(next);
        }
        return current;
    }

    /// <summary>Opens <paramref name="name"/> in <paramref name="folder"/> without following a link; non-blocking, so a FIFO cannot hang the client.</summary>
    private static SafeFileHandle OpenIn(FolderHandle folder, string name, int flags) =>
        TryOpenIn(folder, name, flags) ?? throw Failure(ENOENT);

    private static SafeFileHandle? TryOpenIn(FolderHandle folder, string name, int flags)
    {
        var fd = Native.OpenAt(folder.Fd, name, flags | NoFollow | NonBlocking | CloseOnExec, 0x1B6);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var error = Marshal.GetLastPInvokeError();
        if (error == ENOENT) return null;
        throw Failure(error);
    }

    private static void Unlink(FolderHandle folder, string name) => Native.UnlinkAt(folder.Fd, name, 0);

    /// <summary>The length of an open file, which must be a regular file (not a folder, FIFO, device or socket).</summary>
    private static long RegularLength(SafeFileHandle file)
    {
        var mode = Mode(file);
        if ((mode & TypeMask) == Folder) throw new IOException("it is a folder, not a file");
        if ((mode & TypeMask) != RegularFile) throw new IOException("it is not a regular file (a device, FIFO or socket)");
        return Size(file);
    }

    private static uint Mode(SafeFileHandle file) => Stat(file).Mode;

    private static long Size(SafeFileHandle file) => Stat(file).Size;

    /// <summary>fstat's type and size. <c>struct stat</c> differs by architecture: st_mode at 24 (x64) or 16 (arm64), st_size at 48 on both.</summary>
    private static (uint Mode, long Size) Stat(SafeFileHandle file)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Native.FStat(file, buffer) != 0) throw Failure(Marshal.GetLastPInvokeError());
        var modeAt = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        return (BitConverter.ToUInt32(buffer[modeAt..]), BitConverter.ToInt64(buffer[48..]));
    }

    /// <summary>What went wrong, in words that name no path.</summary>
    private static IOException Failure(int errno) => errno switch
    {
        ENOENT => new FileNotFoundException("no such file or folder"),
        ELOOP => new IOException("a symbolic link is in the way (the path changed after it was checked)"),
        ENOTDIR => new IOException("a part of the path is not a folder (or is a symbolic link, which is not followed)"),
        EISDIR => new IOException("it is a folder, not a file"),
        EACCES => new IOException("the operating system refused access (file permissions)"),
        EEXIST => new IOException("it exists already"),
        ENOSPC or EDQUOT => new IOException("the disk is full"),
        EROFS => new IOException("the file system is read-only"),
        _ => new IOException($"the operating system refused it (errno {errno})"),
    };

    /// <summary>A file is, or would become, larger than allowed; the file service turns it into a <see cref="Sdk.Services.QuotaExceededException"/>.</summary>
    internal sealed class QuotaOverflow(long length) : IOException("the file is too large")
    {
        public long Length { get; } = length;
    }

    private readonly struct FolderHandle(int fd) : IDisposable
    {
        public int Fd { get; } = fd;

        public void Dispose()
        {
            if (Fd >= 0) Native.Close(Fd);
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags, uint mode);

        [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int OpenAt(int folder, string name, int flags, uint mode);

        [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int MkdirAt(int folder, string name, uint mode);

        [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int RenameAt(int fromFolder, string from, int toFolder, string to);

        [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int UnlinkAt(int folder, string name, int flags);

        [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
        public static partial int FStat(SafeFileHandle file, Span<byte> stat);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);
    }
}
