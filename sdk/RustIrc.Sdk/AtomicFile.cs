using System.Collections.Concurrent;
using System.Text;

namespace RustIrc.Sdk;

/// <summary>
/// Writes a file so that readers, and the next start after a crash, see either the old or the new
/// contents, never a half-written one.
/// </summary>
/// <remarks>
/// The new contents go to <c>NAME.PID.GUID.tmp</c> beside the file, are flushed to the disk, and the
/// temporary file is renamed over the file. A process killed before the rename leaves that temporary file
/// behind; the first write to the same file in a later process deletes it. The folder itself is not
/// flushed: after a power cut the file may be the previous version, but never a torn or empty one.
/// </remarks>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly ConcurrentDictionary<string, byte> Swept = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="contents"/> (UTF-8) to a temporary file beside <paramref name="path"/>, flushes it to the disk, then renames it over.</summary>
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        if (Swept.TryAdd(full, 0)) RemoveLeftovers(folder, Path.GetFileName(full));
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                RandomAccess.Write(file, Utf8.GetBytes(contents), 0);
                // Without this a power cut after the rename can leave an empty file on file systems
                // that write data later than names (XFS, ext4 without auto_da_alloc).
                RandomAccess.FlushToDisk(file);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the temporary files of writes to <paramref name="name"/> that a process which is gone
    /// left behind (it was killed between writing and renaming).
    /// </summary>
    private static void RemoveLeftovers(string folder, string name)
    {
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(folder, name + ".*.tmp"))
            {
                if (IsLeftover(Path.GetFileName(leftover), name)) File.Delete(leftover);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Tidying up is not worth failing the write for; the next process tries again.
        }
    }

    /// <summary>
    /// Whether the file <paramref name="candidate"/> is the temporary file of a write to
    /// <paramref name="name"/> (<c>NAME.PID.GUID.tmp</c>) by a process other than this one that no longer
    /// runs, and so may be deleted.
    /// </summary>
    internal static bool IsLeftover(string candidate, string name)
    {
        var middleLength = candidate.Length - name.Length - ".".Length - ".tmp".Length;
        if (middleLength < 1 || !candidate.StartsWith(name + ".", StringComparison.Ordinal) || !candidate.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var middle = candidate.AsSpan(name.Length + 1, middleLength);
        var dot = middle.IndexOf('.');
        if (dot < 0 || !int.TryParse(middle[..dot], out var pid) || middle[(dot + 1)..].Length != 32) return false;
        return pid != Environment.ProcessId && !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
