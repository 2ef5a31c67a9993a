using System.Diagnostics;
using System.Runtime.InteropServices;

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

        var (exitCode, output) = await RunAsync(compiler,
            $"{language} -Wall -Wextra -Werror -pedantic -fPIC -shared -I\"{Include}\" -o \"{library}\" \"{Source}\"");

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

    private static string Root { get; } = FindRoot();

    private static string Include => Path.Combine(Root, "sdk", "native", "include");

    private static string Source => Path.Combine(Root, "tests", "RustIrc.Sdk.Tests", "NativeHeader", "header_use.c");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RustIrc.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"RustIrc.sln was not found above {AppContext.BaseDirectory}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string compiler, string arguments)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(compiler, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{compiler} is needed for this test: apt-get install {compiler} (./run-tests installs it when run as root).");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
