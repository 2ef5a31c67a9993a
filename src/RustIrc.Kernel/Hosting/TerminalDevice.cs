using System.Runtime.InteropServices;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// The terminal's line discipline and size, through libc: raw mode for a full-screen frontend (every key
/// as it is typed, no echo, no signals from Ctrl-C), and the saved settings to put back.
/// </summary>
internal static partial class TerminalDevice
{
    private const int StandardInput = 0;
    private const int StandardOutput = 1;
    private const int SetNow = 0; // TCSANOW
    private const nuint GetWindowSize = 0x5413; // TIOCGWINSZ on Linux

    /// <summary>Whether standard input and standard output are both a terminal.</summary>
    public static bool IsInteractive() => IsATty(StandardInput) == 1 && IsATty(StandardOutput) == 1;

    /// <summary>Puts standard input in raw mode and returns the settings it had, to give to <see cref="Restore"/>.</summary>
    public static byte[] EnterRawMode()
    {
        // struct termios is 60 bytes on glibc; the buffer leaves room for any libc's.
        var saved = new byte[256];
        if (TcGetAttr(StandardInput, saved) != 0) throw new IOException($"Cannot read the terminal's settings (errno {Marshal.GetLastPInvokeError()}).");
        var raw = (byte[])saved.Clone();
        MakeRaw(raw);
        if (TcSetAttr(StandardInput, SetNow, raw) != 0) throw new IOException($"Cannot put the terminal in raw mode (errno {Marshal.GetLastPInvokeError()}).");
        return saved;
    }

    /// <summary>Puts back settings <see cref="EnterRawMode"/> returned.</summary>
    public static void Restore(byte[] saved) => _ = TcSetAttr(StandardInput, SetNow, saved);

    /// <summary>Columns and rows of the terminal on standard output (80×24 when it will not say).</summary>
    public static (int Width, int Height) Size()
    {
        Span<ushort> size = stackalloc ushort[4]; // rows, columns, x pixels, y pixels
        return GetSize(StandardOutput, GetWindowSize, size) == 0 && size[0] > 0 && size[1] > 0 ? (size[1], size[0]) : (80, 24);
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, Span<byte> termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int when, ReadOnlySpan<byte> termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void MakeRaw(Span<byte> termios);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int GetSize(int fd, nuint request, Span<ushort> size);
}
