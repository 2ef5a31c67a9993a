using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RustIrc.Modules.Native;

/// <summary>
/// Reads a file's ELF header before it is loaded, so that a file that is not a shared library, or one built
/// for another machine, is refused with a message saying which (the system's loader would only say it failed).
/// </summary>
internal static class NativeLibraryFile
{
    private const ushort SharedObject = 3, Executable = 2, Relocatable = 1;

    /// <summary>Why <paramref name="path"/> cannot be this process's plugin, or null when its header fits.</summary>
    public static string? Problem(string path)
    {
        Span<byte> header = stackalloc byte[20];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (read < header.Length || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return "it is not a shared library (no ELF header): build it with gcc -shared -fPIC, or cargo with crate-type cdylib";
        }
        var bits = header[4] == 2 ? 64 : 32;
        var littleEndian = header[5] == 1;
        var type = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header[16..]) : BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var machine = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header[18..]) : BinaryPrimitives.ReadUInt16BigEndian(header[18..]);
        var expected = Expected();
        if (expected is { } mine && (machine != mine.Machine || bits != mine.Bits))
        {
            return $"it was built for {MachineName(machine, bits)}, and this client runs on {MachineName(mine.Machine, mine.Bits)}: build it for this machine";
        }
        return type switch
        {
            SharedObject => null,
            Executable => "it is a program, not a shared library: build it with -shared -fPIC",
            Relocatable => "it is an object file (.o), not a shared library: link it with gcc -shared",
            _ => $"it is an ELF file of type {type}, not a shared library",
        };
    }

    private static (ushort Machine, int Bits)? Expected() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (62, 64),
        Architecture.Arm64 => (183, 64),
        Architecture.X86 => (3, 32),
        Architecture.Arm => (40, 32),
        Architecture.RiscV64 => (243, 64),
        _ => null,
    };

    private static string MachineName(ushort machine, int bits) => machine switch
    {
        62 => "x86-64",
        183 => "arm64 (aarch64)",
        3 => "x86 (32-bit)",
        40 => "arm (32-bit)",
        243 => bits == 64 ? "riscv64" : "riscv32",
        _ => $"ELF machine {machine} ({bits}-bit)",
    };
}
