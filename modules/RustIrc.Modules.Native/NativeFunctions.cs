using System.Runtime.InteropServices;
using RustIrc.Modules.Scripting;

namespace RustIrc.Modules.Native;

/// <summary>A plugin's function the host keeps: a C function pointer and the plugin's user data.</summary>
internal abstract class NativeFunction(IntPtr function, IntPtr userData) : ScriptFunction
{
    public IntPtr Function { get; } = function;

    public IntPtr UserData { get; } = userData;

    public override void Release()
    {
    }
}

/// <summary>A <c>rustirc_command_fn</c>.</summary>
internal sealed class NativeCommand(IntPtr function, IntPtr userData) : NativeFunction(function, userData);

/// <summary>A <c>rustirc_timer_fn</c>.</summary>
internal sealed class NativeTimer(IntPtr function, IntPtr userData) : NativeFunction(function, userData);

/// <summary>A <c>rustirc_event_fn</c>, with the event's name as the plugin hooked it, kept in UTF-8 for every event.</summary>
internal sealed unsafe class NativeEventHandler(IntPtr function, IntPtr userData, string? name) : NativeFunction(function, userData)
{
    private IntPtr _name = Marshal.StringToCoTaskMemUTF8(name ?? "");

    public byte* Name => (byte*)_name;

    public override void Release()
    {
        var name = Interlocked.Exchange(ref _name, IntPtr.Zero);
        if (name != IntPtr.Zero) Marshal.FreeCoTaskMem(name);
    }
}
