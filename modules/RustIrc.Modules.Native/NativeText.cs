using System.Runtime.InteropServices;
using System.Text;

namespace RustIrc.Modules.Native;

/// <summary>A NUL-terminated UTF-8 copy of a string in native memory, for one call into a plugin.</summary>
internal readonly unsafe struct NativeText : IDisposable
{
    public NativeText(string? text)
    {
        Pointer = text is null ? null : (byte*)Marshal.StringToCoTaskMemUTF8(text);
    }

    public byte* Pointer { get; }

    public void Dispose()
    {
        if (Pointer != null) Marshal.FreeCoTaskMem((IntPtr)Pointer);
    }

    /// <summary>
    /// Copies <paramref name="text"/> into a plugin's buffer as the header says: NUL-terminated, cut at a
    /// character boundary when it does not fit; returns the bytes the whole text needs (0: no text).
    /// </summary>
    public static nuint CopyOut(string? text, byte* buffer, nuint size)
    {
        if (buffer != null && size > 0) buffer[0] = 0;
        if (string.IsNullOrEmpty(text)) return 0;
        var needed = Encoding.UTF8.GetByteCount(text);
        if (buffer == null || size == 0) return (nuint)needed;
        var room = (int)Math.Min(size - 1, int.MaxValue);
        var written = 0;
        if (needed <= room)
        {
            written = Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, room));
        }
        else
        {
            // Whole characters only: a cut sequence would be invalid UTF-8.
            try
            {
                Encoding.UTF8.GetEncoder().Convert(text, new Span<byte>(buffer, room), flush: true, out _, out written, out _);
            }
            catch (ArgumentException)
            {
                written = 0; // not even the first character fits
            }
        }
        buffer[written] = 0;
        return (nuint)needed;
    }
}
