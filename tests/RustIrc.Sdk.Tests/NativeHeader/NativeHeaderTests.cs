using System.Runtime.InteropServices;
using RustIrc.Tests.Shared;

namespace RustIrc.Sdk.Tests.NativeHeader;

/// <summary>
/// sdk/native/include/rustirc/rustirc-plugin.h, the native plugins' one header: a file using every type and
/// function of it compiles as C99 and as C++ with every warning an error, and the plugin it makes exports
/// the version and the two functions the loader looks for, unmangled.
/// </summary>
public sealed class NativeHeaderTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("rustirc-native-header-").FullName;

    [Theory]
    [InlineData("gcc", "-std=c99")]
    [InlineData("g++", "-x c++ -std=c++17")]
    public async Task Header_UsedWholeAsCAndAsCxx_CompilesWithoutAWarningAndExportsWhatTheLoaderReads(string compiler, string language)
    {
        var library = Path.Combine(_output, $"check-{compiler}.so");

        var (exitCode, output) = await NativeCompiler.RunAsync(compiler,
            [.. language.Split(' '), "-Wall", "-Wextra", "-Werror", "-pedantic", "-fPIC", "-shared", $"-I{Include}", "-o", library, Source]);

        Assert.True(exitCode == 0, $"{compiler} failed on the header:\n{output}");
        var handle = NativeLibrary.Load(library);
        try
        {
            Assert.Equal(1u, (uint)Marshal.ReadInt32(NativeLibrary.GetExport(handle, "rustirc_plugin_api_version")));
            Assert.True(NativeLibrary.TryGetExport(handle, "plugin_init", out _), "plugin_init is not exported under its C name");
            Assert.True(NativeLibrary.TryGetExport(handle, "plugin_deinit", out _), "plugin_deinit is not exported under its C name");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    private static string Include => NativeCompiler.Include;

    private static string Source => Path.Combine(NativeCompiler.Root, "tests", "RustIrc.Sdk.Tests", "NativeHeader", "header_use.c");

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
