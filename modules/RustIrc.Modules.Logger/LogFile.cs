using System.Buffers;
using System.Text;

namespace RustIrc.Modules.Logger;

/// <summary>
/// One buffer's log: the file of the current period, kept open while lines come, and the lines not yet
/// written to it, as UTF-8 in one pooled array. Lines reach the file when the array fills and at every
/// <see cref="Flush"/>; only whole lines are handed to the system, so a killed client loses at most the
/// lines of its last second (see docs/reliability.md for the rare cut line, and how it is kept apart).
/// </summary>
internal sealed class LogFile(string folder, bool logging)
{
    private const int PendingBytes = 32 * 1024;

    // Private messages are logged: only the user may read the files.
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private FileStream? _stream;
    private byte[]? _pending;
    private int _used;
    private int _period = -1;

    /// <summary>The folder the files go in.</summary>
    public string Folder { get; } = folder;

    /// <summary>Whether its lines are written (settings' <c>exclude</c>, then <c>/log on|off</c>).</summary>
    public bool Logging { get; set; } = logging;

    /// <summary>The path of the open file, or null when none is open.</summary>
    public string? OpenPath { get; private set; }

    /// <summary>How many flushes in a row found no new line (reset by every line); the log closes its file after a while.</summary>
    public int IdleFlushes { get; set; }

    /// <summary>Adds a line; opens the file of the stamp's period first when another one is open.</summary>
    /// <exception cref="IOException">The folder or file could not be made, opened or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The same, for lack of rights.</exception>
    public void Append(LineStamp stamp, ReadOnlySpan<char> text, Rotation rotation)
    {
        if (stamp.Period != _period || _stream is null) Open(stamp.Period, rotation);
        IdleFlushes = 0;
        var stampBytes = stamp.Bytes;
        var most = stampBytes.Length + Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
        if (_used + most > _pending!.Length)
        {
            Flush();
            if (most > _pending.Length)
            {
                WriteLong(stampBytes, text, most);
                return;
            }
        }
        stampBytes.CopyTo(_pending.AsSpan(_used));
        _used += stampBytes.Length;
        _used += Encoding.UTF8.GetBytes(text, _pending.AsSpan(_used));
        _pending[_used++] = (byte)'\n';
    }

    /// <summary>Writes the pending lines to the file (not to the disk: the system has them, so a killed client loses none).</summary>
    public void Flush()
    {
        if (_used == 0 || _stream is null) return;
        var used = _used;
        _used = 0; // what failed to be written is dropped, not tried again line after line
        _stream.Write(_pending!, 0, used);
    }

    /// <summary>Writes what is pending and closes the file; the next line opens it again.</summary>
    public void Close()
    {
        try
        {
            Flush();
        }
        finally
        {
            _stream?.Dispose();
            _stream = null;
            OpenPath = null;
            _period = -1;
            if (_pending is not null) ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
            _used = 0;
        }
    }

    /// <summary>Closes without writing what is pending (after a write failed).</summary>
    public void Drop()
    {
        _used = 0;
        try
        {
            Close();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // It failed already; closing may fail the same way.
        }
    }

    private void Open(int period, Rotation rotation)
    {
        Close();
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // the pending array is the buffer
        };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            // Each level made private: the mode applies only to the folder named, not to the ones above it.
            var network = Path.GetDirectoryName(Folder)!;
            Directory.CreateDirectory(Path.GetDirectoryName(network)!, FolderMode);
            Directory.CreateDirectory(network, FolderMode);
            Directory.CreateDirectory(Folder, FolderMode);
            options.UnixCreateMode = FileMode;
        }
        var path = Path.Combine(Folder, LineStamp.FileName(period, rotation));
        _stream = new FileStream(path, options);
        _pending = ArrayPool<byte>.Shared.Rent(PendingBytes);
        _period = period;
        OpenPath = path;
        // A client killed inside a write can leave a cut line at the end; the next line must not be glued to it.
        if (_stream.Length > 0 && !EndsWithLineFeed(path, _stream.Length)) _pending[_used++] = (byte)'\n';
    }

    private static bool EndsWithLineFeed(string path, long length)
    {
        using var file = File.OpenHandle(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> last = stackalloc byte[1];
        return RandomAccess.Read(file, last, length - 1) == 1 && last[0] == (byte)'\n';
    }

    /// <summary>A line longer than the pending array: put together in an array of its own and written at once.</summary>
    private void WriteLong(ReadOnlySpan<byte> stamp, ReadOnlySpan<char> text, int most)
    {
        var line = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            stamp.CopyTo(line);
            var used = stamp.Length + Encoding.UTF8.GetBytes(text, line.AsSpan(stamp.Length));
            line[used++] = (byte)'\n';
            _stream!.Write(line, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }
}
