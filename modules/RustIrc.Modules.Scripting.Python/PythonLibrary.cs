using System.Diagnostics;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// Finds the CPython shared library to embed: the <c>library</c> setting, else <c>PYTHONNET_PYDLL</c>,
/// else what <c>python3</c> says it was built with, else Debian's <c>libpython3.11.so.1.0</c>.
/// </summary>
internal static class PythonLibrary
{
    /// <summary>What to tell a user who has none.</summary>
    public const string Missing =
        "Python scripts need CPython 3.10 or newer as a shared library, and none was found: install it (apt-get install libpython3.11), " +
        "or set modules.python.library in config.json (or PYTHONNET_PYDLL) to the path of libpython3.x.so";

    private static readonly string[] DebianDefaults =
    [
        "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
        "/usr/lib/aarch64-linux-gnu/libpython3.11.so.1.0",
    ];

    /// <summary>The library's path, or the problem to tell the user (<see cref="Missing"/>, or a configured path that is not there).</summary>
    /// <param name="configured">The <c>library</c> setting, when set.</param>
    /// <param name="environment">Reads an environment variable (the process's, in the client).</param>
    /// <param name="askPython">Runs <c>python3</c> for its library path (null when there is no python3).</param>
    public static (string? Path, string? Problem) Find(string? configured, Func<string, string?> environment, Func<string?> askPython)
    {
        if (configured is { Length: > 0 })
        {
            return Exists(configured) ? (configured, null) : (null, $"modules.python.library in config.json names {configured}, which does not exist; correct it, or remove it to let the client find libpython itself");
        }
        if (environment("PYTHONNET_PYDLL") is { Length: > 0 } variable)
        {
            return Exists(variable) ? (variable, null) : (null, $"PYTHONNET_PYDLL names {variable}, which does not exist; correct it, or unset it to let the client find libpython itself");
        }
        if (askPython() is { } fromPython && Exists(fromPython)) return (fromPython, null);
        return DebianDefaults.FirstOrDefault(Exists) is { } debian ? (debian, null) : (null, Missing);
    }

    /// <summary>Where the <c>python3</c> on PATH keeps its shared library: LIBDIR and INSTSONAME of its build.</summary>
    public static string? AskPython()
    {
        try
        {
            var start = new ProcessStartInfo("python3", ["-I", "-c", "import sysconfig as s; print(s.get_config_var('LIBDIR') or ''); print(s.get_config_var('INSTSONAME') or '')"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(5000) || process.ExitCode != 0) return null;
            var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 2 ? Path.Combine(lines[0], lines[1]) : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null; // no python3 on PATH
        }
    }

    private static bool Exists(string path) => File.Exists(path);
}
