using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RustIrc.Modules.Scripting;

namespace RustIrc.Modules.Native;

/// <summary>
/// The host API of rustirc-plugin.h, as the C helper forwards it: each function finds the plugin by its slot
/// and runs the script API function of the same meaning in the plugin's name, so permissions, ownership
/// and errors are the ones every script has. No exception may cross back into C: each ends in a status.
/// </summary>
internal static unsafe class NativeHostFunctions
{
    /// <summary>The loaded plugins by slot (slots are numbered by the helper for the whole process: SLOTS there).</summary>
    private static readonly NativePlugin?[] Plugins = new NativePlugin?[1024];

    public static void Attach(int slot, NativePlugin plugin) => Plugins[slot] = plugin;

    public static void Detach(int slot) => Plugins[slot] = null;

    /// <summary>The helper's <c>Loader</c> struct: the functions below, in its order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Table
    {
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, byte*, int> SendMessage;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, int> SendRaw;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, int> Print;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, IntPtr, IntPtr, int> RegisterCommand;
        public delegate* unmanaged[Cdecl]<int, byte*, int, IntPtr, IntPtr, long> HookEvent;
        public delegate* unmanaged[Cdecl]<int, long, int> Unhook;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, nuint, nuint> CurrentNick;
        public delegate* unmanaged[Cdecl]<int, byte*, nuint, nuint> CurrentChannel;
        public delegate* unmanaged[Cdecl]<int, byte*, IntPtr, IntPtr, int> GetChannels;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, IntPtr, IntPtr, int> GetUsers;
        public delegate* unmanaged[Cdecl]<int, uint, int, IntPtr, IntPtr, long> AddTimer;
        public delegate* unmanaged[Cdecl]<int, long, int> CancelTimer;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, nuint, nuint> GetSetting;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, nuint, nuint> StorageGet;
        public delegate* unmanaged[Cdecl]<int, byte*, byte*, int> StorageSet;
        public delegate* unmanaged[Cdecl]<int, byte*> LastError;
    }

    public static Table Create() => new()
    {
        SendMessage = &SendMessage,
        SendRaw = &SendRaw,
        Print = &Print,
        RegisterCommand = &RegisterCommand,
        HookEvent = &HookEvent,
        Unhook = &Unhook,
        CurrentNick = &CurrentNick,
        CurrentChannel = &CurrentChannel,
        GetChannels = &GetChannels,
        GetUsers = &GetUsers,
        AddTimer = &AddTimer,
        CancelTimer = &CancelTimer,
        GetSetting = &GetSetting,
        StorageGet = &StorageGet,
        StorageSet = &StorageSet,
        LastError = &LastError,
    };

    // rustirc_status_t
    private const int Ok = 0, Failed = -1, Unloaded = -3;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SendMessage(int slot, byte* server, byte* target, byte* text) =>
        Status(slot, "send_message", "privmsg", Text(slot, target), Text(slot, text), Text(slot, server));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SendRaw(int slot, byte* server, byte* line) =>
        Status(slot, "send_raw", "send", Text(slot, line), Text(slot, server));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Print(int slot, byte* buffer, byte* text) =>
        Status(slot, "print", "print", Text(slot, text), Text(slot, buffer));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int RegisterCommand(int slot, byte* name, byte* help, IntPtr handler, IntPtr userData) =>
        handler == IntPtr.Zero
            ? Refuse(slot, "register_command: the handler is NULL")
            : Status(slot, "register_command", "add_command", Text(slot, name), new NativeCommand(handler, userData), Text(slot, help));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long HookEvent(int slot, byte* eventName, int priority, IntPtr handler, IntPtr userData)
    {
        var name = Text(slot, eventName)?.ToLowerInvariant();
        if (handler == IntPtr.Zero) return Refuse(slot, "hook_event: the handler is NULL");
        // Modifiers return changed text, which a rustirc_event_fn cannot: they are not in API version 1.
        if (name is "raw_in" or "raw_out" or "display") return Refuse(slot, $"hook_event: {name} is a modifier, which native plugins cannot hook in API version 1");
        if (Plugins[slot] is not { } plugin) return Unloaded;
        return plugin.CallHost("hook_event", () => plugin.Hook(name ?? "", priority, new NativeEventHandler(handler, userData, name)), out var hooked) is var status and not Ok
            ? status
            : (long)hooked!;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unhook(int slot, long handle) =>
        Run(slot, "unhook", "off", [handle], out var removed) is var status and not Ok ? status
        : removed is > 0L ? Ok : Refuse(slot, $"unhook: no hook with handle {handle}");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint CurrentNick(int slot, byte* server, byte* buffer, nuint size)
    {
        var status = Unloaded;
        var nick = Plugins[slot]?.CurrentNick(server, out status);
        return NativeText.CopyOut(status == Ok ? nick : null, buffer, size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint CurrentChannel(int slot, byte* buffer, nuint size) =>
        TextOut(slot, "current_channel", "current_channel", buffer, size);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int GetChannels(int slot, byte* server, IntPtr each, IntPtr userData) =>
        Items(slot, "get_channels", "channels", "name", each, userData, Text(slot, server));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int GetUsers(int slot, byte* server, byte* channel, IntPtr each, IntPtr userData) =>
        Items(slot, "get_users", "users", "nick", each, userData, Text(slot, channel), Text(slot, server));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long AddTimer(int slot, uint milliseconds, int repeat, IntPtr callback, IntPtr userData) =>
        callback == IntPtr.Zero
            ? Refuse(slot, "add_timer: the callback is NULL")
            : Handle(slot, "add_timer", "timer", (long)milliseconds, new NativeTimer(callback, userData), repeat != 0);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CancelTimer(int slot, long handle) =>
        Run(slot, "cancel_timer", "cancel_timer", [handle], out var cancelled) is var status and not Ok ? status
        : cancelled is true ? Ok : Refuse(slot, $"cancel_timer: no waiting timer with handle {handle}");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint GetSetting(int slot, byte* key, byte* buffer, nuint size) =>
        TextOut(slot, "get_setting", "config.get", buffer, size, Text(slot, key));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint StorageGet(int slot, byte* key, byte* buffer, nuint size) =>
        TextOut(slot, "storage_get", "storage.get", buffer, size, Text(slot, key));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int StorageSet(int slot, byte* key, byte* value) =>
        Status(slot, "storage_set", "storage.set", Text(slot, key), Text(slot, value));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte* LastError(int slot) => Plugins[slot] is { } plugin ? plugin.LastError : null;

    private static int Status(int slot, string function, string scriptFunction, params object?[] arguments) =>
        Run(slot, function, scriptFunction, arguments, out _);

    /// <summary>A function that returns a handle above 0, or a status.</summary>
    private static long Handle(int slot, string function, string scriptFunction, params object?[] arguments) =>
        Run(slot, function, scriptFunction, arguments, out var handle) is var status and not Ok ? status
        : handle is long h ? h : Refuse(slot, $"{function}: the host returned no handle");

    private static nuint TextOut(int slot, string function, string scriptFunction, byte* buffer, nuint size, params object?[] arguments)
    {
        var status = Run(slot, function, scriptFunction, arguments, out var result);
        // A setting the user wrote as a number or a flag is text to C too.
        var text = status != Ok ? null : result switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return NativeText.CopyOut(text, buffer, size);
    }

    /// <summary>Hands each item's <paramref name="field"/> of a list the script API returns to <paramref name="each"/>.</summary>
    private static int Items(int slot, string function, string scriptFunction, string field, IntPtr each, IntPtr userData, params object?[] arguments)
    {
        if (each == IntPtr.Zero) return Refuse(slot, $"{function}: the item callback is NULL");
        if (Run(slot, function, scriptFunction, arguments, out var result) is var status and not Ok) return status;
        if (result is not ScriptTable list) return Ok;
        var callback = (delegate* unmanaged[Cdecl]<byte*, IntPtr, void>)each;
        foreach (var item in list.Array)
        {
            if (item is ScriptTable { Fields: var fields } && fields.TryGetValue(field, out var value) && value is string text)
            {
                using var utf8 = new NativeText(text);
                callback(utf8.Pointer, userData);
            }
        }
        return Ok;
    }

    private static int Run(int slot, string function, string scriptFunction, object?[] arguments, out object? result)
    {
        result = null;
        return Plugins[slot] is { } plugin ? plugin.CallHost(function, scriptFunction, arguments, out result) : Unloaded;
    }

    private static int Refuse(int slot, string message)
    {
        Plugins[slot]?.SetError(message);
        return Failed;
    }

    /// <summary>A string the plugin passed (null when it is being unloaded: its call is refused anyway).</summary>
    private static string? Text(int slot, byte* text) => Plugins[slot]?.TextOf(text);
}
