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
/// The script core of one engine module (as WeeChat's plugin-script.c is for each language plugin): finds
/// scripts in the scripts folder and autoloads them, keeps the registry, runs the lifecycle (load, unload,
/// reload, enable, disable), owns the engine's command (<c>/</c> and its module id), grants permissions,
/// applies limits, isolates errors, and reloads a script whose file was saved. Runs on the client loop.
/// The engine's name is its module's id and its files are the extensions its manifest claims.
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

    private readonly IModuleContext _context;
    private readonly IScriptRuntime _runtime;
    // The file extensions the engine's manifest claims; the first is the one "/LANG load NAME" tries.
    private readonly IReadOnlyList<string> _extensions;
    // By name, as the file names them: Spy.lua and SPY.lua are two scripts (Find forgives case when it is unambiguous).
    private readonly Dictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly ScriptGrants _grants;
    private FileSystemWatcher? _watcher;
    private bool _disposed;
    private readonly Dictionary<string, IDisposable> _pendingReloads = new(StringComparer.Ordinal);
    private readonly ChannelTypes _channelTypes;

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
        Directory = context.Settings["directory"] is { Length: > 0 } dir ? dir : System.IO.Path.Combine(context.DataDirectory, "scripts");
        _grants = new ScriptGrants(System.IO.Path.Combine(context.DataDirectory, "scripts.json"), context.Settings, Directory, _extensions[0]);
        _grants.Problem += problem =>
        {
            _context.Logger.LogWarning("{Language} script {Problem}", Language, problem);
            Notify($"{Language} {problem}", LineKind.Error);
        };
        Limits = new ScriptLimits
        {
            MemoryBytes = (long)(Number("memoryMb", 64) * (1 << 20)),
            InstructionsPerCall = (long)Number("instructionsPerCall", 50_000_000),
            TimePerCall = TimeSpan.FromMilliseconds(Number("timePerCallMs", 2000)),
            TimeShare = Number("timeSharePercent", 50) / 100,
            ShareWindow = TimeSpan.FromMilliseconds(Number("timeShareWindowMs", 10_000)),
            Files = new FileQuota
            {
                MaxFileBytes = (long)(Number("fileMaxMb", 16) * (1 << 20)),
                MaxBytesPerHour = (long)(Number("fileWriteMbPerHour", 64) * (1 << 20)),
            },
            StoreBytes = (long)(Number("storageMb", 4) * (1 << 20)),
        };
    }

    /// <summary>The folder scripts are autoloaded from.</summary>
    public string Directory { get; }

    /// <summary>
    /// The limits every script of this engine runs under (settings memoryMb, instructionsPerCall,
    /// timePerCallMs, timeSharePercent, timeShareWindowMs, fileMaxMb, fileWriteMbPerHour, storageMb).
    /// </summary>
    public ScriptLimits Limits { get; }

    /// <summary>The engine's name (its module's id), also its command and the kind of its scripts in the catalog.</summary>
    public string Language { get; }

    /// <summary>The engine: how its language names types and shows values, which limits it enforces.</summary>
    internal IScriptRuntime Runtime => _runtime;

    /// <summary>The network of the event a script is handling now, for API calls that do not name one.</summary>
    internal string? CurrentNetwork { get; set; }

    internal IModuleContext Context => _context;

    /// <summary>Which targets are channels, by each network's CHANTYPES.</summary>
    internal ChannelTypes ChannelTypes => _channelTypes;

    internal IReadOnlyCollection<Script> Scripts => _scripts.Values;

    /// <summary>Registers the command, loads every script in the folder (and the extra files), and watches the folder.</summary>
    public void Start(IEnumerable<string> extraFiles)
    {
        _context.Commands.Register(new CommandDefinition
        {
            Name = Language,
            Usage = $"/{Language} list|load FILE|unload NAME|reload NAME|enable NAME|disable NAME|grant NAME PERMISSION|revoke NAME PERMISSION|eval CODE",
            Help = $"Manages {Language} scripts (folder {Directory}); eval runs code in a sandbox.",
            Handler = RunCommand,
            Protected = true,
            Complete = _ => ["list", "load", "unload", "reload", "enable", "disable", "grant", "revoke", "eval", .. _scripts.Keys],
        });
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
        Watch();
    }

    /// <summary>Loads (or reloads) a script file; returns an error for the user, or null when it runs.</summary>
    public string? Load(string file)
    {
        var path = System.IO.Path.GetFullPath(file.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + file[1..] : file);
        if (!File.Exists(path) && File.Exists(System.IO.Path.Combine(Directory, file + _extensions[0])))
        {
            path = System.IO.Path.Combine(Directory, file + _extensions[0]);
        }
        if (!File.Exists(path)) return $"no script file {file} (looked in {Directory} too)";
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        if (ScriptNames.Problem(name, System.IO.Path.GetFileName(path)) is { } badName) return badName;
        if (_scripts.TryGetValue(name, out var existing))
        {
            Stop(existing);
            _scripts.Remove(name);
        }
        var key = ScriptGrants.KeyOf(path);
        var script = new Script(name, path, key) { Granted = _grants.For(key, name) };
        _scripts[name] = script;
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
            source = File.ReadAllText(script.Path);
        }
        catch (IOException ex)
        {
            return Fault(script, $"could not read {script.Path}: {ex.Message}");
        }
        script.Identity = _context.HostExtension(new ExtensionId(Language, script.Name), script.Granted);
        script.Identity.FileQuota = Limits.Files;
        script.Instance = _runtime.Create(script.Name, ScriptApi.For(this, script), Limits);
        script.State = ScriptState.Running;
        script.Reason = null;
        script.RecentErrors = 0;
        try
        {
            script.Metadata = script.Instance.Load(source, script.Path) is { } declared
                ? declared with { Name = declared.Name is { Length: > 0 } n ? n : script.Name }
                : ScriptMetadata.Unknown(script.Name);
            _context.Logger.LogInformation("{Language} script {Name} loaded", Language, script.Name);
            return null;
        }
        catch (ScriptException ex)
        {
            return Fault(script, ex.Message);
        }
    }

    /// <summary>Stops a script and forgets it; returns an error for the user, or null.</summary>
    public string? Unload(string name)
    {
        if (Find(name) is not { } script) return $"no {Language} script named {name}";
        _scripts.Remove(script.Name);
        Stop(script);
        return null;
    }

    /// <summary>The script named <paramref name="name"/>: exactly, or else the only one whose name differs in case alone.</summary>
    internal Script? Find(string? name)
    {
        if (name is null) return null;
        if (_scripts.TryGetValue(name, out var exact)) return exact;
        var matches = _scripts.Values.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
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
            // The time a script's calls took grows only when a call straddles a tick of the coarse clock the
            // engine times calls with: most calls leave it as it was, and cost no more than this comparison.
            if (instance.CpuTime != script.TimeCounted && OverShare(script, instance) is { } over) return (result, Fault(script, $"{over} (last in {what})"));
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
    /// Why <paramref name="script"/> must stop for taking more than its share of the client's time, or
    /// null. Called when the time its calls took has grown, so the clock is read only then.
    /// </summary>
    private string? OverShare(Script script, IScriptInstance instance)
    {
        var used = instance.CpuTime;
        var added = used - script.TimeCounted;
        script.TimeCounted = used;
        if (Limits.TimeShare >= 1) return null;
        var now = Environment.TickCount64;
        var window = (long)Limits.ShareWindow.TotalMilliseconds;
        if (now - script.WindowStart >= window)
        {
            script.WindowStart = now;
            script.TimeInWindow = TimeSpan.Zero;
        }
        script.TimeInWindow += added;
        return script.TimeInWindow.TotalMilliseconds > Limits.TimeShare * window ? Limits.ShareReached(script.TimeInWindow) : null;
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
        _context.Logger.LogWarning("{Language} script {Name} stopped: {Reason}", Language, script.Name, reason);
        return $"{Language} '{script.Name}' stopped: {reason}. Fix it and /{Language} reload {script.Name}.";
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

    // ---- the command ----

    private ValueTask RunCommand(CommandInvocation invocation)
    {
        var args = invocation.Arguments;
        var verb = args.Count == 0 ? "list" : args[0].ToLowerInvariant();
        string? Name() => args.Count > 1 ? args[1] : null;
        string? error = null;
        switch (verb)
        {
            case "list":
                List(invocation);
                break;
            case "load":
                error = Name() is { } file ? Load(file) : $"usage: /{Language} load FILE";
                if (error is null) invocation.Reply($"loaded {System.IO.Path.GetFileNameWithoutExtension(Name())}");
                break;
            case "unload":
                error = Name() is { } unload ? Unload(unload) : $"usage: /{Language} unload NAME";
                if (error is null) invocation.Reply($"unloaded {Name()}");
                break;
            case "reload":
                error = Find(Name()) is { } again ? Load(again.Path) : $"no {Language} script named {Name()}";
                if (error is null) invocation.Reply($"reloaded {Name()}");
                break;
            case "enable" or "disable":
                error = SetDisabled(Name(), verb == "disable", invocation);
                break;
            case "grant" or "revoke":
                error = ChangeGrant(invocation, verb == "grant");
                break;
            case "eval":
                Eval(invocation.ArgumentText[4..].Trim(), invocation);
                break;
            default:
                error = $"unknown /{Language} command '{verb}'; try /help {Language}";
                break;
        }
        if (error is not null) invocation.Fail(error);
        return ValueTask.CompletedTask;
    }

    private void List(CommandInvocation invocation)
    {
        if (_scripts.Count == 0)
        {
            invocation.Reply($"no {Language} scripts; put some in {Directory} or /{Language} load FILE");
            return;
        }
        invocation.Reply($"limits of every {Language} script: {string.Join("; ", DescribeLimits())}");
        foreach (var script in _scripts.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            var m = script.Metadata;
            var usage = script.Instance is { } i ? $", {i.MemoryBytes / 1024.0:0} KiB, CPU {i.CpuTime.TotalMilliseconds:0} ms" : "";
            invocation.Reply($"{script.Name} {m.Version} by {(m.Author.Length > 0 ? m.Author : "?")}: {script.State.ToString().ToLowerInvariant()}{usage}; " +
                $"permissions {script.Granted}{(m.Permissions.Count > 0 ? $" (asks for {string.Join(", ", m.Permissions)})" : "")}" +
                (script.Reason is { } why ? $" — {why}" : ""));
        }
    }

    private string? SetDisabled(string? name, bool disabled, CommandInvocation invocation)
    {
        if (Find(name) is not { } script) return $"no {Language} script named {name}";
        var error = SetDisabled(script, disabled);
        if (error is null) invocation.Reply($"{(disabled ? "disabled" : "enabled")} {script.Name}");
        return error;
    }

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

    /// <summary>The limits every script of this engine runs under, in words, for lists.</summary>
    internal IReadOnlyList<string> DescribeLimits() => Limits.Describe(_runtime.Enforces);

    private string? ChangeGrant(CommandInvocation invocation, bool grant)
    {
        var verb = grant ? "grant" : "revoke";
        var args = invocation.Arguments;
        if (args.Count < 3) return $"usage: /{Language} {verb} NAME PERMISSION (a path may hold spaces: /{Language} {verb} NAME file_read:/home/me/my logs)";
        if (Find(args[1]) is not { } script) return $"no {Language} script named {args[1]}; /{Language} list shows the loaded ones";
        Permission permission;
        try
        {
            // The rest of the line is the permission, so a path may hold spaces (quoted or not).
            permission = Permission.Parse(invocation.TextFrom(2));
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
        ChangeGrant(script, permission, grant);
        invocation.Reply($"{script.Name} now holds {script.Granted}");
        return null;
    }

    private void Eval(string code, CommandInvocation invocation)
    {
        if (code.Length == 0)
        {
            invocation.Fail($"usage: /{Language} eval CODE");
            return;
        }
        // A fresh sandbox each time, with the default permissions: nothing leaks from one eval to the next.
        var script = new Script("eval", "(eval)", "(eval)") { Granted = DefaultPermissions };
        script.Identity = _context.HostExtension(new ExtensionId(Language, "eval"), script.Granted);
        script.Identity.FileQuota = Limits.Files;
        script.Instance = _runtime.Create("eval", ScriptApi.For(this, script, invocation.Reply), Limits);
        script.State = ScriptState.Running;
        try
        {
            var result = script.Instance.Evaluate(code);
            if (result is not null) invocation.Reply(_runtime.Show(result));
        }
        catch (ScriptException ex)
        {
            invocation.Fail(ex.Message);
        }
        finally
        {
            script.Stop();
        }
    }

    private double Number(string key, double fallback) =>
        double.TryParse(_context.Settings[key], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    // ---- saving a file reloads it, deleting it unloads it ----

    private void Watch()
    {
        _watcher = new FileSystemWatcher(Directory) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName };
        FileSystemEventHandler changed = (_, e) => _context.Loop.Post(() => ScheduleRefresh(e.FullPath));
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, e) => _context.Loop.Post(() =>
        {
            // Renaming a script away is deleting it under its old name.
            ScheduleRefresh(e.OldFullPath);
            ScheduleRefresh(e.FullPath);
        });
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Soon loads the script file at <paramref name="path"/> again, or unloads its script when the file is gone.</summary>
    private void ScheduleRefresh(string path)
    {
        if (!IsScriptFile(path)) return;
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        if (_pendingReloads.Remove(name, out var pending)) pending.Dispose();
        // Editors write a file in several steps (some delete it and write it anew): wait until it has
        // been quiet for a moment, then look at what is there.
        _pendingReloads[name] = _context.Loop.Schedule(TimeSpan.FromMilliseconds(300), () =>
        {
            _pendingReloads.Remove(name);
            if (!File.Exists(path))
            {
                // Only the script loaded from this very file: one of the same name loaded from elsewhere stays.
                if (!_scripts.TryGetValue(name, out var gone) || !SameFile(gone.Path, path)) return;
                Unload(gone.Name);
                // A file that comes here later is another script: it does not inherit what this one was granted.
                var forgotten = _grants.Forget(gone.FileKey) ? "; its grants are forgotten" : "";
                Notify($"{Language} '{gone.Name}' unloaded after its file was deleted{forgotten}", LineKind.Event);
                return;
            }
            if (_grants.IsDisabled(ScriptGrants.KeyOf(path))) return;
            var error = Load(path);
            Notify(error ?? $"{Language} '{name}' reloaded after its file changed", error is null ? LineKind.Event : LineKind.Error);
        });
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Stops every script and the folder watch (the engine module is unloading).</summary>
    public void Dispose()
    {
        _disposed = true;
        _watcher?.Dispose();
        foreach (var pending in _pendingReloads.Values) pending.Dispose();
        // Scripts get their on_unload at shutdown too: it is their last chance to save.
        foreach (var script in _scripts.Values.ToArray()) Stop(script);
        _scripts.Clear();
        _channelTypes.Dispose();
    }
}
