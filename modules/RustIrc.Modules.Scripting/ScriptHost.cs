using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// The script core of one engine module (as WeeChat's plugin-script.c is for each language plugin): runs
/// each script's lifecycle (load, unload, reload, enable, disable, eval), isolates its errors and stops it
/// at its limits. Beside it: the registry (<see cref="ScriptRegistry"/>), the command
/// (<see cref="ScriptCommand"/>), grants and disabled files (<see cref="ScriptGrants"/>), the time share
/// (<see cref="ScriptTimeShare"/>). Runs on the client loop. The engine's name is its module's id and its
/// files are the extensions its manifest claims.
/// </summary>
public sealed class ScriptHost : IDisposable
{
    /// <summary>What a script may do when nobody granted it more: print, and read and talk on IRC.</summary>
    public static readonly PermissionSet DefaultPermissions = new([
        new Permission(WellKnownPermissions.UiModification),
        new Permission(WellKnownPermissions.IrcRead),
        new Permission(WellKnownPermissions.IrcSend),
    ]);

    /// <summary>Errors in a row after which a script is stopped.</summary>
    public const int MaxErrorsInARow = 5;

    /// <summary>The global function a script may define to be called when it is unloaded, reloaded or disabled.</summary>
    public const string UnloadHook = "on_unload";

    /// <summary>The global function a script may define to be called once it has loaded (after its top level ran).</summary>
    public const string LoadHook = "on_load";

    private readonly IModuleContext _context;
    private readonly IScriptRuntime _runtime;
    // The file extensions the engine's manifest claims; the first is the one "/LANG load NAME" tries.
    private readonly IReadOnlyList<string> _extensions;
    private readonly ScriptRegistry _scripts = new();
    private readonly ScriptGrants _grants;
    private readonly ChannelTypes _channelTypes;
    private readonly bool _runOnce;
    private SettledFileWatcher? _watcher;
    private bool _disposed;

    /// <summary>A core for <paramref name="runtime"/>, working through the engine module's <paramref name="context"/>.</summary>
    public ScriptHost(IModuleContext context, IScriptRuntime runtime)
    {
        _context = context;
        _runtime = runtime;
        Language = context.Manifest.Id;
        _extensions = context.Manifest.ScriptExtensions is { Count: > 0 } extensions
            ? extensions
            : throw new InvalidOperationException($"module {Language} runs scripts but its module.json claims no file extension: add \"scriptExtensions\": [\".ext\"]");
        _channelTypes = new ChannelTypes(context);
        Directory = context.Settings["directory"] is { Length: > 0 } dir ? dir : System.IO.Path.Combine(context.DataDirectory, context.Manifest.ScriptFolder);
        _grants = new ScriptGrants(System.IO.Path.Combine(context.DataDirectory, "scripts.json"), context.Settings, Directory, _extensions[0], DefaultPermissions);
        _grants.Problem += problem =>
        {
            _context.Logger.LogWarning("{Noun} {Problem}", Noun, problem);
            Notify($"{Language} {problem}", LineKind.Error);
        };
        Limits = ScriptLimits.FromSettings(context.Settings);
        // `rustirc script run` sets it: there is no client to type /LANG reload into, only the command to run again.
        _runOnce = string.Equals(context.Settings["runOnce"], "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The folder scripts are autoloaded from.</summary>
    public string Directory { get; }

    /// <summary>The limits every script of this engine runs under (<see cref="ScriptLimits.FromSettings"/>).</summary>
    public ScriptLimits Limits { get; }

    /// <summary>The engine's name (its module's id), also its command and the kind of its scripts in the catalog.</summary>
    public string Language { get; }

    /// <summary>What one of its scripts is called in messages: "lua script", "native plugin".</summary>
    public string Noun => _runtime.Noun ?? $"{Language} script";

    /// <summary>The engine: how its language names types and shows values, which limits it enforces.</summary>
    internal IScriptRuntime Runtime => _runtime;

    /// <summary>The network of the event a script is handling now, for API calls that do not name one.</summary>
    internal string? CurrentNetwork { get; set; }

    internal IModuleContext Context => _context;

    /// <summary>Which targets are channels, by each network's CHANTYPES.</summary>
    internal ChannelTypes ChannelTypes => _channelTypes;

    internal ScriptRegistry Scripts => _scripts;

    /// <summary>
    /// Registers the command, loads every script in the folder and the files the engine's <c>scripts</c>
    /// setting lists (where <c>--script FILE</c> goes), and watches the folder.
    /// </summary>
    public void Start()
    {
        var extraFiles = _context.Settings.GetSection("scripts").GetChildren().Select(c => c.Value).OfType<string>();
        _context.Commands.Register(new ScriptCommand(this).Definition);
        // The catalog lists this engine's scripts beside every other extension (gone with the engine module).
        _context.Services.Find<IExtensionCatalog>()?.AddSource(new ScriptSource(this));
        System.IO.Directory.CreateDirectory(Directory);
        _grants.ForgetMissing();
        var files = System.IO.Directory.EnumerateFiles(Directory).Where(IsScriptFile).Order(StringComparer.Ordinal).Concat(extraFiles).ToList();
        // Scripts run once the client has started, so what they print (and what goes wrong) reaches the
        // frontends, which may start after this engine.
        _context.Loop.Post(() =>
        {
            if (_disposed) return; // unloaded before it got here
            foreach (var file in files)
            {
                if (Load(file) is not { } problem) continue;
                _context.Logger.LogWarning("{Problem}", problem);
                Notify(problem, LineKind.Error);
            }
        });
        // Saving a script's file reloads it, deleting it unloads it; editors write in several steps.
        _watcher = new SettledFileWatcher(Directory, path => IsScriptFile(path) ? path : null, TimeSpan.FromMilliseconds(300), _context.Loop, Refresh);
    }

    /// <summary>Loads (or reloads) a script file; returns an error for the user, or null when it runs.</summary>
    public string? Load(string file)
    {
        var path = System.IO.Path.GetFullPath(HomePath.Expand(file));
        if (!File.Exists(path) && File.Exists(System.IO.Path.Combine(Directory, file + _extensions[0])))
        {
            path = System.IO.Path.Combine(Directory, file + _extensions[0]);
        }
        if (!File.Exists(path)) return $"no {Noun} file {file} (looked in {Directory} too)";
        var name = _runtime.NameOf(path);
        if (ScriptNames.Problem(name, System.IO.Path.GetFileName(path)) is { } badName) return badName;
        if (_scripts.Exact(name) is { } existing)
        {
            Stop(existing);
            _scripts.Remove(existing);
        }
        var key = ScriptGrants.KeyOf(path);
        var script = new Script(name, path, key) { Granted = _grants.For(key, name) };
        _scripts.Add(script);
        if (_grants.IsDisabled(key))
        {
            script.Metadata = Peek(script) ?? script.Metadata;
            script.State = ScriptState.Disabled;
            script.Reason = $"disabled by the user; /{Language} enable {name} runs it";
            return null;
        }
        return Start(script);
    }

    private string? Start(Script script)
    {
        string source;
        try
        {
            source = _runtime.ReadsSource ? File.ReadAllText(script.Path) : "";
        }
        catch (IOException ex)
        {
            return Fault(script, $"could not read {script.Path}: {ex.Message}");
        }
        var identity = script.Identity = _context.HostExtension(new ExtensionId(Language, script.Name), script.Granted);
        identity.FileQuota = Limits.Files;
        // The kernel stops a script whose handlers keep throwing past this core (it says so itself).
        identity.Faulted = reason =>
        {
            if (ReferenceEquals(script.Identity, identity)) Fault(script, reason);
        };
        script.Share = new ScriptTimeShare(Limits);
        script.State = ScriptState.Running;
        script.Reason = null;
        script.RecentErrors = 0;
        try
        {
            // Making the interpreter may fail too (an engine that starts its language on first use).
            script.Api = ScriptApi.For(this, script);
            script.Instance = _runtime.Create(script.Name, script.Api, Limits);
            script.Metadata = script.Instance.Load(source, script.Path) is { } declared
                ? declared with { Name = declared.Name is { Length: > 0 } n ? n : script.Name }
                : ScriptMetadata.Unknown(script.Name);
            _context.Logger.LogInformation("{Noun} {Name} loaded", Noun, script.Name);
            return RunLoadHook(script);
        }
        catch (ScriptException ex)
        {
            return Fault(script, ex.Message);
        }
    }

    /// <summary>
    /// Calls the script's <c>on_load</c>, if it defines one: its error is shown like a handler's and the
    /// script stays loaded; a limit stops it, and that is the error returned for the user.
    /// </summary>
    private string? RunLoadHook(Script script)
    {
        if (script.Instance?.FindFunction(LoadHook) is not { } hook) return null;
        try
        {
            var error = Call(script, hook, LoadHook).Error;
            if (error is null || script.State != ScriptState.Running) return error;
            Notify(error, LineKind.Error);
            return null;
        }
        finally
        {
            hook.Release();
        }
    }

    /// <summary>Stops a script and forgets it; returns an error for the user, or null.</summary>
    public string? Unload(string name)
    {
        if (_scripts.Find(name) is not { } script) return $"no {Noun} named {name}";
        _scripts.Remove(script);
        Stop(script);
        return null;
    }

    /// <summary>
    /// Stops a script the user (or its file) is done with: first calls its <c>on_unload</c> function, if
    /// it defines one and is running, so it can save its state. That call has the usual limits, and what
    /// goes wrong in it is reported but never keeps the script from stopping. A script stopped by a
    /// fault is not called: it is broken or over its limits.
    /// </summary>
    private void Stop(Script script)
    {
        if (script is { State: ScriptState.Running, Instance: { IsRunning: false } instance })
        {
            if (instance.FindFunction(UnloadHook) is { } hook)
            {
                Invoke(script, hook, UnloadHook);
                hook.Release();
            }
        }
        script.Stop();
    }

    /// <summary>
    /// Runs <paramref name="function"/> of <paramref name="script"/>, isolating its errors, which are shown
    /// in the status buffer; returns its result or null.
    /// </summary>
    internal object? Invoke(Script script, ScriptFunction function, string what, params object?[] arguments)
    {
        var (result, error) = Call(script, function, what, arguments, null);
        if (error is not null) Notify(error, LineKind.Error);
        return result;
    }

    /// <summary><see cref="Invoke"/> for an event handler and its event (<see cref="IScriptInstance.CallEvent"/>).</summary>
    internal object? InvokeEvent(Script script, ScriptFunction function, string what, ScriptEventTable table)
    {
        var (result, error) = Call(script, function, what, null, table);
        if (error is not null) Notify(error, LineKind.Error);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="function"/> of <paramref name="script"/>, isolating its errors; returns its
    /// result, or the error for the user to see wherever the caller shows it. The error has already been
    /// counted: a limit, or <see cref="MaxErrorsInARow"/> errors in a row, stop the script.
    /// </summary>
    internal (object? Result, string? Error) Call(Script script, ScriptFunction function, string what, params object?[] arguments) =>
        Call(script, function, what, arguments, null);

    private (object? Result, string? Error) Call(Script script, ScriptFunction function, string what, object?[]? arguments, ScriptEventTable? table)
    {
        if (script.Instance is not { } instance || script.State != ScriptState.Running) return (null, null);
        try
        {
            var result = table is not null ? instance.CallEvent(function, table) : instance.Call(function, arguments!);
            script.RecentErrors = 0;
            if (script.Share?.Charge(instance.CpuTime) is { } over) return (result, Fault(script, $"{over} (last in {what})"));
            return (result, null);
        }
        catch (ScriptException ex)
        {
            if (ex.LimitExceeded) return (null, Fault(script, $"{ex.Message} (in {what})"));
            if (++script.RecentErrors >= MaxErrorsInARow) return (null, Fault(script, $"{MaxErrorsInARow} errors in a row, the last in {what}: {ex.Message}"));
            return (null, $"{Language} '{script.Name}': error in {what}: {ex.Message}");
        }
    }

    /// <summary>
    /// Counts what a call the engine made itself (not through the core's calls) took toward the script's
    /// share of the client's time, stopping the script when it is over.
    /// </summary>
    internal void ChargeTime(Script script, string what)
    {
        if (script.Instance is { } instance && script.Share?.Charge(instance.CpuTime) is { } over) Notify(Fault(script, $"{over} (last in {what})"), LineKind.Error);
    }

    /// <summary>Prints a line in the status buffer (or the log when there is no UI).</summary>
    internal void Notify(string text, LineKind kind)
    {
        var ui = _context.Services.Find<IUiModel>();
        if (ui is null) _context.Logger.LogWarning("{Text}", text);
        else ui.Print(IUiModel.StatusBuffer, text, kind);
    }

    private string Fault(Script script, string reason)
    {
        if (script.Instance?.IsRunning == true)
        {
            // Stopped from inside one of its own calls (its print reached its display modifier): its
            // interpreter is still on the stack, so it is closed once that call has returned.
            var stopping = script;
            _context.Loop.Post(stopping.Stop);
        }
        else
        {
            script.Stop();
        }
        script.State = ScriptState.Faulted;
        script.Reason = reason;
        _context.Logger.LogWarning("{Noun} {Name} stopped: {Reason}", Noun, script.Name, reason);
        return _runOnce
            ? $"{Language} '{script.Name}' stopped: {reason}. Fix the script and run it again."
            : $"{Language} '{script.Name}' stopped: {reason}. Fix it and /{Language} reload {script.Name}.";
    }

    /// <summary>What a script's file says about itself, read without running it, when its engine can tell.</summary>
    private ScriptMetadata? Peek(Script script)
    {
        try
        {
            return _runtime.Peek(File.ReadAllText(script.Path), script.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ScriptException)
        {
            return null;
        }
    }

    private bool IsScriptFile(string path) => _extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Disables (stops, remembered) or enables (runs again) a script; an error for the user, or null.</summary>
    internal string? SetDisabled(Script script, bool disabled)
    {
        _grants.SetDisabled(script.FileKey, script.Name, disabled);
        if (!disabled) return Load(script.Path);
        Stop(script);
        script.State = ScriptState.Disabled;
        script.Reason = $"disabled by the user; /{Language} enable {script.Name} runs it";
        return null;
    }

    /// <summary>Grants or revokes a permission to the script's file, at once and for good (a default one can be revoked too).</summary>
    internal void ChangeGrant(Script script, Permission permission, bool grant)
    {
        _grants.Change(script.FileKey, script.Name, permission, grant);
        script.Granted = _grants.For(script.FileKey, script.Name);
        if (script.Identity is { } identity) identity.Permissions = script.Granted;
    }

    /// <summary>Whether the engine counts the memory its scripts hold (else lists show none).</summary>
    internal bool CountsMemory => _runtime.Enforces.HasFlag(ScriptLimitKinds.Memory);

    /// <summary>The limits every script of this engine runs under, in words, for lists.</summary>
    internal IReadOnlyList<string> DescribeLimits() => Limits.Describe(_runtime.Enforces);

    /// <summary>
    /// Runs <paramref name="code"/> in a fresh sandbox with the default permissions (nothing leaks from one
    /// eval to the next) and replies with its values, separated by commas; returns an error for the user, or null.
    /// </summary>
    internal string? Evaluate(string code, Action<string> reply)
    {
        var script = new Script("eval", "(eval)", "(eval)") { Granted = DefaultPermissions };
        script.Identity = _context.HostExtension(new ExtensionId(Language, "eval"), script.Granted);
        script.Identity.FileQuota = Limits.Files;
        script.State = ScriptState.Running;
        try
        {
            script.Api = ScriptApi.For(this, script, reply);
            script.Instance = _runtime.Create("eval", script.Api, Limits);
            var values = script.Instance.Evaluate(code);
            if (values.Count > 0) reply(string.Join(", ", values.Select(_runtime.Show)));
            return null;
        }
        catch (ScriptException ex)
        {
            // Eval's sandbox holds the default permissions only and cannot be granted more: point to a
            // script file instead, which can.
            return ex.Message.Replace($"grant it with /{Language} grant eval ",
                $"eval runs with the default permissions only; save the code as a script, /{Language} load FILE, then /{Language} grant NAME ", StringComparison.Ordinal);
        }
        finally
        {
            script.Stop();
        }
    }

    /// <summary>Loads the script file at <paramref name="path"/> again after it settled, or unloads its script when the file is gone.</summary>
    private void Refresh(string path)
    {
        var name = _runtime.NameOf(path);
        if (!File.Exists(path))
        {
            // Only the script loaded from this very file: one of the same name loaded from elsewhere stays.
            if (_scripts.Exact(name) is not { } gone || !SameFile(gone.Path, path)) return;
            Unload(gone.Name);
            // A file that comes here later is another script: it does not inherit what this one was granted.
            var forgotten = _grants.Forget(gone.FileKey) ? "; its grants are forgotten" : "";
            Notify($"{Language} '{gone.Name}' unloaded after its file was deleted{forgotten}", LineKind.Event);
            return;
        }
        if (_grants.IsDisabled(ScriptGrants.KeyOf(path))) return;
        var error = Load(path);
        Notify(error ?? $"{Language} '{name}' reloaded after its file changed", error is null ? LineKind.Event : LineKind.Error);
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Stops every script and the folder watch (the engine module is unloading).</summary>
    public void Dispose()
    {
        _disposed = true;
        _watcher?.Dispose();
        // Scripts get their on_unload at shutdown too: it is their last chance to save.
        foreach (var script in _scripts.All.ToArray()) Stop(script);
        _scripts.Clear();
        _channelTypes.Dispose();
    }
}
