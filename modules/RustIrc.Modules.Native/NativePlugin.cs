using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Native;

/// <summary>
/// One loaded native plugin, as the script core sees an interpreter: loading it checks the file and the
/// API version before calling anything, then calls plugin_init with a host API table of its own; its
/// handlers, commands and timers are C functions the core calls like a script's. Disposing it (after the
/// core removed its registrations) refuses its late calls, calls plugin_deinit and unloads the library.
/// </summary>
internal sealed unsafe partial class NativePlugin(string name, ScriptApi api, NativeShim shim) : IScriptInstance
{
    /// <summary>The version of rustirc-plugin.h this loader speaks (RUSTIRC_PLUGIN_API_VERSION).</summary>
    public const uint ApiVersion = 1;

    // rustirc_status_t
    private const int Ok = 0, Failed = -1, Denied = -2;

    private readonly List<NativeEventBuffer> _events = [];
    private IntPtr _library;
    private int _slot = -1;
    private delegate* unmanaged[Cdecl]<void> _deinit;
    private IntPtr _error = Marshal.StringToCoTaskMemUTF8("");
    private int _depth;
    private long _milliseconds;

    /// <summary>The API version the plugin was built for, once read.</summary>
    public uint BuiltFor { get; private set; }

    public ScriptMetadata? Load(string source, string path)
    {
        try
        {
            if (NativeLibraryFile.Problem(path) is { } problem) throw new ScriptException($"{path}: {problem}");
            _library = LoadPrivateCopy(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScriptException($"{path} could not be read or copied: {ex.Message}");
        }
        if (!NativeLibrary.TryGetExport(_library, "rustirc_plugin_api_version", out var version))
        {
            throw new ScriptException($"{path} does not export rustirc_plugin_api_version: it was not built against rustirc-plugin.h (put RUSTIRC_PLUGIN_VERSION_EXPORT; in one of its source files)");
        }
        BuiltFor = *(uint*)version;
        if (BuiltFor != ApiVersion)
        {
            throw new ScriptException($"{path} was built for plugin API version {BuiltFor}, and this client speaks version {ApiVersion}: rebuild it against this client's sdk/native/include/rustirc/rustirc-plugin.h");
        }
        var init = (delegate* unmanaged[Cdecl]<IntPtr, PluginInfo*>)Export(path, "plugin_init");
        var deinit = (delegate* unmanaged[Cdecl]<void>)Export(path, "plugin_deinit");

        (_slot, var table) = shim.Attach();
        NativeHostFunctions.Attach(_slot, this);
        var start = Enter();
        PluginInfo* info;
        try
        {
            info = init(table);
        }
        finally
        {
            Leave(start);
        }
        if (info == null) throw new ScriptException($"{path}: plugin_init returned NULL, so the plugin refused to load (what it printed says why)");
        _deinit = deinit;
        if (info->ApiVersion != ApiVersion)
        {
            throw new ScriptException($"{path}: plugin_init says API version {info->ApiVersion}, but the library exports {BuiltFor}; rebuild it against one rustirc-plugin.h");
        }
        return new ScriptMetadata(Text(info->Name) ?? name, Text(info->Version) ?? "", Text(info->Author) ?? "", Text(info->Description) ?? "", Permissions(info->Permissions));
    }

    /// <summary>
    /// Loads a copy of the file from a fresh private folder, removed at once (the mapping stays): the
    /// original can be rebuilt in place, and a reload then loads the new build, not the cached old one.
    /// </summary>
    private static IntPtr LoadPrivateCopy(string path)
    {
        var folder = Directory.CreateTempSubdirectory("rustirc-plugin-");
        try
        {
            var copy = Path.Combine(folder.FullName, Path.GetFileName(path));
            File.Copy(path, copy);
            return NativeLibrary.Load(copy);
        }
        catch (DllNotFoundException ex)
        {
            throw new ScriptException($"{path} could not be loaded: {SystemReason(ex.Message)}");
        }
        catch (BadImageFormatException ex)
        {
            throw new ScriptException($"{path} could not be loaded: {SystemReason(ex.Message)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What the system's loader said (its last line: a missing library, an undefined symbol).</summary>
    private static string SystemReason(string message)
    {
        var last = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;
        var colon = last.IndexOf(".so: ", StringComparison.Ordinal);
        return colon >= 0 ? last[(colon + 5)..] : last;
    }

    private IntPtr Export(string path, string symbol) =>
        NativeLibrary.TryGetExport(_library, symbol, out var address) ? address
        : throw new ScriptException($"{path} does not export {symbol}: a plugin exports plugin_init and plugin_deinit (RUSTIRC_PLUGIN_EXPORT in C, #[no_mangle] pub extern \"C\" in Rust)");

    private static IReadOnlyList<string> Permissions(byte** list)
    {
        var permissions = new List<string>();
        for (var i = 0; list != null && list[i] != null && i < 64; i++)
        {
            if (Text(list[i]) is { Length: > 0 } permission) permissions.Add(permission);
        }
        return permissions;
    }

    public IReadOnlyList<object?> Evaluate(string code) => throw new ScriptException("a native plugin runs no code typed at the prompt");

    // Native plugins have no on_load/on_unload: plugin_init and plugin_deinit are those.
    public ScriptFunction? FindFunction(string name) => null;

    public object? Call(ScriptFunction function, params object?[] arguments)
    {
        var start = Enter();
        try
        {
            switch (function)
            {
                case NativeCommand command:
                    // The core hands a command its arguments as a table: the whole text and the buffer it was typed in.
                    var table = arguments.Length > 0 ? arguments[0] as ScriptTable : null;
                    using (var text = new NativeText(table?.Fields.GetValueOrDefault("text") as string ?? ""))
                    using (var buffer = new NativeText(table?.Fields.GetValueOrDefault("buffer") as string))
                    {
                        ((delegate* unmanaged[Cdecl]<byte*, byte*, IntPtr, void>)command.Function)(text.Pointer, buffer.Pointer, command.UserData);
                    }
                    return null;
                case NativeTimer timer:
                    ((delegate* unmanaged[Cdecl]<IntPtr, void>)timer.Function)(timer.UserData);
                    return null;
                default:
                    throw new ScriptException($"a native plugin cannot be called with {function.GetType().Name}");
            }
        }
        finally
        {
            Leave(start);
        }
    }

    /// <summary>Hooks the plugin's handler to an event: the core checks and owns it; events reach C straight from the bus.</summary>
    public long Hook(string name, int priority, NativeEventHandler handler) =>
        api.OnEvent(name, priority, handler, e => Deliver(handler, e));

    private bool Deliver(NativeEventHandler handler, RustIrcEvent e)
    {
        // Each depth has its own copy: a handler that causes an event keeps its own strings valid.
        if (_depth == _events.Count) _events.Add(new NativeEventBuffer());
        var native = _events[_depth].Fill(e, handler.Name, api);
        var start = Enter();
        try
        {
            return ((delegate* unmanaged[Cdecl]<NativeEventStruct*, IntPtr, int>)handler.Function)(native, handler.UserData) != 0;
        }
        finally
        {
            Leave(start);
        }
    }

    /// <summary>A string the plugin passed: one of the fields of an event being handled, handed back, is not decoded again.</summary>
    public string? TextOf(byte* pointer)
    {
        if (pointer == null) return null;
        for (var depth = Math.Min(_depth, _events.Count) - 1; depth >= 0; depth--)
        {
            if (_events[depth].StringAt(pointer) is { } known) return known;
        }
        return Text(pointer);
    }

    /// <summary>
    /// Runs a script API function for the plugin's host call: its result, or a status and the message
    /// last_error gives. Nothing may be thrown back into C.
    /// </summary>
    public int CallHost(string function, Func<object?> call, out object? result)
    {
        result = null;
        try
        {
            result = call();
            return Ok;
        }
        catch (Exception ex)
        {
            return Refused(function, ex);
        }
    }

    /// <summary>
    /// current_nick: your nick on the network, as <c>irc.my_nick</c> says it. Typed, with no closure or
    /// argument list: some plugins ask on every message.
    /// </summary>
    public string? CurrentNick(byte* server, out int status)
    {
        try
        {
            status = Ok;
            return api.MyNick(TextOf(server));
        }
        catch (Exception ex)
        {
            status = Refused("current_nick", ex);
            return null;
        }
    }

    /// <summary>The status and the message last_error gives for a host call that threw.</summary>
    private int Refused(string function, Exception exception)
    {
        if (exception is PermissionDeniedException denied)
        {
            SetError($"{function}: {denied.Message}");
            return Denied;
        }
        // The script API names its functions irc.NAME; the plugin knows them by the header's names.
        SetError($"{function}: {ScriptFunctionName().Replace(exception.Message, "")}");
        return Failed;
    }

    /// <summary>Runs the script API function <paramref name="scriptFunction"/> for the host call <paramref name="function"/>.</summary>
    public int CallHost(string function, string scriptFunction, object?[] arguments, out object? result) =>
        CallHost(function, () => api.Functions[scriptFunction](arguments), out result);

    [GeneratedRegex(@"^irc\.[a-z_.]+: ")]
    private static partial Regex ScriptFunctionName();

    /// <summary>Why the last host call failed, for last_error: the host's, valid until the next failure.</summary>
    public byte* LastError => (byte*)_error;

    public void SetError(string message)
    {
        var old = _error;
        _error = Marshal.StringToCoTaskMemUTF8(message);
        Marshal.FreeCoTaskMem(old);
    }

    public long MemoryBytes => 0;

    public string? Detail => $"plugin API {BuiltFor}";

    public TimeSpan CpuTime => TimeSpan.FromMilliseconds(_milliseconds);

    public bool IsRunning => _depth > 0;

    /// <summary>
    /// Counts the time of outermost calls only (a nested one is inside its caller's), on the coarse
    /// millisecond clock: it is read twice per event, and the share of the client's time needs no more.
    /// </summary>
    private long Enter() => _depth++ == 0 ? Environment.TickCount64 : 0;

    private void Leave(long start)
    {
        if (--_depth == 0) _milliseconds += Environment.TickCount64 - start;
    }

    public void Dispose()
    {
        // The core has removed its registrations; now its late calls are refused, then it says goodbye.
        if (_slot >= 0)
        {
            shim.Detach(_slot);
            NativeHostFunctions.Detach(_slot);
            _slot = -1;
        }
        var deinit = _deinit;
        _deinit = null;
        if (deinit != null) deinit();
        if (_library != IntPtr.Zero)
        {
            NativeLibrary.Free(_library);
            _library = IntPtr.Zero;
        }
        foreach (var buffer in _events) buffer.Dispose();
        _events.Clear();
        Marshal.FreeCoTaskMem(Interlocked.Exchange(ref _error, IntPtr.Zero));
    }

    private static string? Text(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((IntPtr)text);

    /// <summary><c>rustirc_plugin_info_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PluginInfo
    {
        public uint ApiVersion;
        public byte* Name;
        public byte* Version;
        public byte* Author;
        public byte* Description;
        public byte** Permissions;
    }
}
