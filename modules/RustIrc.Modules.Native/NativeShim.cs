using System.Runtime.InteropServices;
using RustIrc.Modules.Scripting;

namespace RustIrc.Modules.Native;

/// <summary>
/// The loader's C helper (native/rustirc_native.c), which owns the host API tables: a plugin's calls go
/// through it to <see cref="NativeHostFunctions"/>, and stop at it once the plugin is detached.
/// </summary>
internal sealed unsafe class NativeShim
{
    private const int Abi = 1;
    private static readonly Lock Gate = new();
    private static NativeShim? _loaded;

    private readonly delegate* unmanaged[Cdecl]<NativeHostFunctions.Table*, IntPtr*, int> _attach;
    private readonly delegate* unmanaged[Cdecl]<int, void> _detach;

    private NativeShim(IntPtr library)
    {
        _attach = (delegate* unmanaged[Cdecl]<NativeHostFunctions.Table*, IntPtr*, int>)NativeLibrary.GetExport(library, "rustirc_native_attach");
        _detach = (delegate* unmanaged[Cdecl]<int, void>)NativeLibrary.GetExport(library, "rustirc_native_detach");
    }

    /// <summary>The helper next to the module's assembly, loaded once.</summary>
    /// <exception cref="ScriptException">It is missing or from another build.</exception>
    public static NativeShim Get(string moduleDirectory)
    {
        lock (Gate)
        {
            return _loaded ??= new NativeShim(NativeHelper.Load(moduleDirectory, "librustirc_native.so", "rustirc_native_abi", Abi, "plugin", "native/rustirc_native.c"));
        }
    }

    /// <summary>A slot and its fresh host API table for a plugin about to be initialised; on the client loop.</summary>
    /// <exception cref="ScriptException">Every slot is taken.</exception>
    public (int Slot, IntPtr Api) Attach()
    {
        var table = NativeHostFunctions.Create();
        IntPtr api;
        var slot = _attach(&table, &api);
        if (slot < 0) throw new ScriptException("too many native plugins are loaded in this process; unload one first");
        return (slot, api);
    }

    /// <summary>Refuses every later call made with the slot's handle, and frees the slot.</summary>
    public void Detach(int slot) => _detach(slot);
}
