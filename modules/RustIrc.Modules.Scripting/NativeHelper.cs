using System.Runtime.InteropServices;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// Loads an engine's native helper, built by gcc next to the engine's assembly, and checks that it is the
/// build the engine expects: a helper from another build would read its arguments wrongly.
/// </summary>
public static class NativeHelper
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int AbiFunction();

    /// <summary>The helper, loaded, once its ABI function says it is the expected build.</summary>
    /// <param name="directory">The engine module's folder.</param>
    /// <param name="file">The helper's file name there.</param>
    /// <param name="abiExport">The helper's function that returns its ABI version.</param>
    /// <param name="abi">The ABI version the engine expects.</param>
    /// <param name="engine">The engine's name, for the message (<c>lua</c>).</param>
    /// <param name="source">The helper's C source, for the message (<c>native/rustirc_lua.c</c>).</param>
    /// <exception cref="ScriptException">It is missing, cannot be loaded, or is from another build.</exception>
    public static IntPtr Load(string directory, string file, string abiExport, int abi, string engine, string source)
    {
        var path = Path.Combine(directory, file);
        var rebuild = $"rebuild the {engine} module (its build compiles {source} with gcc)";
        if (!File.Exists(path)) throw new ScriptException($"the {engine} engine's native helper {path} is missing; {rebuild}");
        if (!NativeLibrary.TryLoad(path, out var helper) || !NativeLibrary.TryGetExport(helper, abiExport, out var abiFunction))
        {
            throw new ScriptException($"the {engine} engine's native helper {path} could not be loaded; {rebuild}");
        }
        var found = Marshal.GetDelegateForFunctionPointer<AbiFunction>(abiFunction)();
        if (found != abi) throw new ScriptException($"the {engine} engine's native helper {path} is from another version (ABI {found}, expected {abi}); {rebuild}");
        return helper;
    }
}
