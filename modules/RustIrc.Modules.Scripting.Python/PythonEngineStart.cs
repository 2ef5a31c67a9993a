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

    public static void Ensure(string moduleDirectory, string libraryPath)
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
    }
}
