using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Python.Runtime;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// Starts CPython through pythonnet, once per process. Python.Runtime is put into the default load context
/// first, so that its statics (the started interpreter) outlive an unload of this module and the next load
/// finds the interpreter running instead of starting a second one, which pythonnet cannot do.
/// </summary>
internal static class PythonEngineStart
{
    private const string RuntimeAssembly = "Python.Runtime";

    /// <summary>The libpython the process's interpreter runs on, when an earlier load of the module started it.</summary>
    public static string? Running() =>
        AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == RuntimeAssembly) ? RunningLibrary() : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? RunningLibrary() => PythonEngine.IsInitialized ? Runtime.PythonDLL : null;

    /// <summary>Runs <paramref name="prepare"/> (which must come before the interpreter starts), then starts it if it has not; returns what prepare said.</summary>
    public static T Ensure<T>(string moduleDirectory, string libraryPath, Func<T> prepare)
    {
        // Clients in one process (tests run several) may start at once. A lock in this assembly would be one
        // per load of the module; an interned string is one per process.
        lock (string.Intern("RustIrc.Modules.Scripting.Python: starting CPython"))
        {
            var prepared = prepare();
            EnsureLocked(moduleDirectory, libraryPath);
            return prepared;
        }
    }

    private static void EnsureLocked(string moduleDirectory, string libraryPath)
    {
        if (!AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == RuntimeAssembly))
        {
            AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(moduleDirectory, RuntimeAssembly + ".dll"));
        }
        Start(libraryPath);
    }

    // Not inlined: Python.Runtime must be resolved only after it is in the default context.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Start(string libraryPath)
    {
        if (PythonEngine.IsInitialized) return;
        Runtime.PythonDLL = libraryPath;
        // No signal handlers: SIGINT stays the client's.
        PythonEngine.Initialize(setSysArgv: false, initSigs: false);
        // The thread that started it holds the GIL: let go, so that the client loop can take it per call.
        PythonEngine.BeginAllowThreads();
        ForgetAssemblies();
    }

    /// <summary>
    /// pythonnet keeps every assembly of the process (for <c>import clr</c>, which scripts never get) and
    /// listens for new ones, touching Python from whatever thread loads them. Both would keep every module's
    /// collectible context alive and call Python without the GIL, so its assembly manager is stopped and
    /// emptied here. Its internals are those of pythonnet 3.2.1, the version Directory.Packages.props pins.
    /// </summary>
    private static void ForgetAssemblies()
    {
        const BindingFlags Static = BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public;
        var runtime = typeof(PythonEngine).Assembly;
        var manager = runtime.GetType("Python.Runtime.AssemblyManager");
        var generics = runtime.GetType("Python.Runtime.GenericUtil");
        var shutdown = manager?.GetMethod("Shutdown", Static);
        var assemblies = manager?.GetField("assemblies", Static)?.GetValue(null);
        var namespaces = manager?.GetField("namespaces", Static)?.GetValue(null) as System.Collections.IDictionary;
        // The generic types it registered while scanning, whatever its field for them is called.
        var genericTypes = generics?.GetFields(Static).Select(f => f.GetValue(null)).OfType<System.Collections.IDictionary>().ToArray() ?? [];
        if (shutdown is null || assemblies is null || namespaces is null || genericTypes.Length == 0)
        {
            throw new InvalidOperationException("this pythonnet is not the version the python module was built for (3.2.1): its assembly manager could not be stopped");
        }
        shutdown.Invoke(null, null);
        assemblies.GetType().GetMethod("Clear")!.Invoke(assemblies, null);
        namespaces.Clear();
        foreach (var types in genericTypes) types.Clear();
    }
}
