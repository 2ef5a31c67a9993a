using System.Collections.Concurrent;
using RustIrc.Tests.Shared;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// Builds the sample native plugins of <c>samples/plugins/native</c> as their authors would: the C ones with
/// gcc, the Rust one with cargo. Each is built once per test run into a temporary folder (never into the
/// repository) and shared by every test that loads it; the folder is deleted when the test run ends.
/// </summary>
public static class NativeBuild
{
    private static readonly Lazy<string> Output = new(CreateOutputFolder);
    private static readonly ConcurrentDictionary<string, Lazy<string>> CPlugins = new();
    private static readonly Lazy<string> RustRainbow = new(BuildRustOnce);

    /// <summary><c>samples/plugins/native/NAME/NAME.c</c> compiled to <c>NAME.so</c>, once per test run; returns its path.</summary>
    /// <exception cref="InvalidOperationException">gcc is missing, or the sample does not compile.</exception>
    public static string C(string name) =>
        CPlugins.GetOrAdd(name, n => new Lazy<string>(() =>
            NativeCompiler.CompileAsync($"samples/plugins/native/{n}/{n}.c", Path.Combine(Output.Value, n + ".so")).GetAwaiter().GetResult())).Value;

    /// <summary>
    /// <c>samples/plugins/native/rainbow-rs</c> built with <c>cargo build --release --offline</c>, once per
    /// test run, into a temporary target folder; returns the path of its <c>librainbow.so</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">cargo is missing, or the crate does not build (cargo's output says why).</exception>
    public static string BuildRust() => RustRainbow.Value;

    private static string BuildRustOnce()
    {
        // cargo from Debian is on PATH; rustup's lives in ~/.cargo/bin, which a test runner's PATH often lacks.
        var rustup = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cargo", "bin", "cargo");
        var cargo = OnPath("cargo") ? "cargo" : File.Exists(rustup) ? rustup : "cargo";
        var target = Path.Combine(Output.Value, "cargo-target");
        var manifest = Path.Combine(NativeCompiler.Root, "samples", "plugins", "native", "rainbow-rs", "Cargo.toml");
        var (exitCode, output) = NativeCompiler.RunAsync(cargo, ["build", "--release", "--offline", "--manifest-path", manifest], "cargo",
            new Dictionary<string, string?> { ["CARGO_TARGET_DIR"] = target }).GetAwaiter().GetResult();
        if (exitCode != 0) throw new InvalidOperationException($"cargo could not build {manifest}:\n{output}");
        var library = Path.Combine(target, "release", "librainbow.so");
        return File.Exists(library)
            ? library
            : throw new InvalidOperationException($"cargo build --release --offline succeeded but made no {library}; is rainbow-rs still a cdylib named rainbow?");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, program)));

    private static string CreateOutputFolder()
    {
        var folder = Directory.CreateTempSubdirectory("rustirc-native-samples-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover folder in /tmp is harmless.
            }
        };
        return folder;
    }
}
