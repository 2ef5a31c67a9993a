using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// The script API (<c>irc.*</c>), defined once for every language. Each engine binds these functions into
/// its interpreter, converting arguments to script values (<see cref="ScriptValues"/>); each returns a
/// script value, checked before the engine sees it, so no engine has to guess what a result is. Calls reach IRC and the UI through services
/// guarded in the script's own name, so a missing permission is refused at the service boundary with a
/// message naming the script. Dotted names (<c>config.get</c>) are nested tables.
/// </summary>
public sealed class ScriptApi
{
    private readonly ScriptHost _host;
    private readonly Script _script;
    private readonly Action<string>? _print;
    private readonly Dictionary<string, ScriptApiCall> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string Event, IDisposable Registration)> _handlers = [];
    private readonly Dictionary<long, IDisposable> _timers = [];
    private long _nextHandle;
    private ScriptStore? _config;
    private ScriptStore? _storage;

    private ScriptApi(ScriptHost host, Script script, Action<string>? print)
    {
        _host = host;
        _script = script;
        _print = print;
        Define();
    }

    /// <summary>Every function, by its name under <c>irc</c>.</summary>
    public IReadOnlyDictionary<string, ScriptApiCall> Functions => _functions;

    internal static ScriptApi For(ScriptHost host, Script script, Action<string>? print = null) => new(host, script, print);

    /// <summary>
    /// Removes every handler, timer and command the script registered and lets go of their functions (the
    /// script is stopping): ending the script's identity removes the registrations from the kernel, but
    /// only this gives the engine back the functions it handed over.
    /// </summary>
    internal void ReleaseAll()
    {
        foreach (var (_, registration) in _handlers.Values) registration.Dispose();
        _handlers.Clear();
        foreach (var registration in _timers.Values) registration.Dispose();
        _timers.Clear();
        foreach (var registration in _script.Commands.Values) registration.Dispose();
        _script.Commands.Clear();
    }

    // The guarded services, fetched once (each fetch makes a guard) and again after their provider was
    // replaced (see Add): a handler that asks for its nick on every message pays for the call only.
    private IIrcService? _irc;
    private IUiModel? _ui;

    private IIrcService Irc => _irc ??= _script.Identity!.Services.Get<IIrcService>();

    private IUiModel? Ui => _ui ??= _script.Identity!.Services.Find<IUiModel>();

    private Sdk.Services.IFileAccess Files => _script.Identity!.Services.Get<Sdk.Services.IFileAccess>();

    /// <summary>
    /// Runs a file call on the path the script gave (argument 1): <c>~</c> expanded, made absolute but not
    /// folded, so the kernel resolves <c>..</c> after the links before it, as the system would. Errors
    /// name the path as the script gave it.
    /// </summary>
    private object? FileCall(ScriptArguments a, Func<Sdk.Services.IFileAccess, string, object?> call)
    {
        var asked = a.String(0, "path");
        var path = HomePath.Expand(asked);
        if (!Path.IsPathRooted(path)) path = Path.Join(Directory.GetCurrentDirectory(), path);
        try
        {
            return call(Files, path);
        }
        catch (Sdk.Services.QuotaExceededException ex)
        {
            throw new ScriptApiException($"irc.{a.Function}: {ex.Message} (the user can raise the {_host.Language} settings fileMaxMb and fileWriteMbPerHour)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScriptApiException($"irc.{a.Function}: {asked}: {ex.Message}");
        }
    }

    private void Define()
    {
        // UI
        Add("print", a => Print(a.String(0, "text"), LineKind.Info, a.OptionalString(1, "buffer")));
        Add("echo", a => Print(a.String(0, "text"), LineKind.Info, a.OptionalString(1, "buffer")));
        Add("log", a =>
        {
            _host.Context.Logger.LogInformation("{Language} {Script}: {Text}", _host.Language, _script.Name, a.String(0, "text"));
            return null;
        });
        Add("current_channel", _ => CurrentTarget());
        Add("current_buffer", _ => Ui?.CurrentBuffer);
        Add("buffers", _ =>
        {
            // The names of every open conversation, private ones included: what irc.channels tells, so the same permission.
            Require(WellKnownPermissions.IrcRead, "irc.buffers");
            return ScriptTable.ListOf(Ui?.Buffers().Select(b => (object?)b.Name) ?? []);
        });

        // Connection and state
        Add("my_nick", a => MyNick(a.OptionalString(0, "server")));
        Alias("current_nick", "my_nick");
        Add("servers", _ => ScriptTable.ListOf(Irc.Networks().Select(n => (object?)ScriptTable.MapOf(
            ("name", n.Name), ("server", n.Server), ("nick", n.Nick), ("state", n.State.ToString().ToLowerInvariant()),
            ("network", n.NetworkName), ("lag_ms", n.Lag?.TotalMilliseconds), ("tls", n.Tls)))));
        Add("channels", a => ScriptTable.ListOf(Network(a, 0) is { } n ? Irc.Channels(n).Select(c => (object?)ScriptTable.MapOf(
            ("name", c.Name), ("topic", c.Topic), ("modes", c.Modes), ("users", (long)c.MemberCount))) : []));
        Add("users", a => ScriptTable.ListOf(Network(a, 1) is { } n ? Irc.Members(n, a.String(0, "channel")).Select(m => (object?)ScriptTable.MapOf(
            ("nick", m.Nick), ("prefix", m.Prefixes), ("user", m.User), ("host", m.Host), ("account", m.Account), ("away", m.Away))) : []));
        Add("connect", a =>
        {
            var host = a.String(0, "host");
            var nick = a.OptionalString(2, "nick") ?? Irc.Networks().FirstOrDefault()?.Nick ?? "rustirc";
            return Irc.Connect(new IrcNetworkOptions { Name = host, Host = host, Port = (int)a.Integer(1, "port", 6667), Nick = nick, Tls = a.Boolean(3, false) });
        });
        Add("nick", a => Do(() => Irc.ChangeNick(RequireNetwork(a, 1), a.String(0, "nick"))));
        Add("mask_match", a => IrcMask.Matches(a.String(0, "mask"), a.String(1, "hostmask"), CaseMappingOf(a.OptionalString(2, "server"))));
        Add("disconnect", a =>
        {
            _ = Irc.DisconnectAsync(RequireNetwork(a, 1), a.OptionalString(0, "reason"));
            return null;
        });

        // Messaging (the optional last argument names the server)
        Add("send", a => Do(() => Irc.SendRaw(RequireNetwork(a, 1), a.String(0, "line"))));
        Add("privmsg", a => Do(() => Irc.SendMessage(RequireNetwork(a, 2), a.String(0, "target"), a.String(1, "text"))));
        Alias("msg", "privmsg");
        Add("notice", a => Do(() => Irc.SendNotice(RequireNetwork(a, 2), a.String(0, "target"), a.String(1, "text"))));
        Add("action", a => Do(() => Irc.SendAction(RequireNetwork(a, 2), a.String(0, "target"), a.String(1, "text"))));
        Add("ctcp", a => Do(() =>
        {
            var arguments = a.OptionalString(2, "arguments");
            var body = arguments is null or "" ? a.String(1, "command").ToUpperInvariant() : $"{a.String(1, "command").ToUpperInvariant()} {arguments}";
            Irc.SendMessage(RequireNetwork(a, 3), a.String(0, "target"), $"\x01{body}\x01");
        }));

        // Channels
        Add("join", a => Do(() => Irc.Join(RequireNetwork(a, 2), a.String(0, "channel"), a.OptionalString(1, "key"))));
        Add("part", a => Do(() => Irc.Part(RequireNetwork(a, 2), a.String(0, "channel"), a.OptionalString(1, "reason"))));
        Add("topic", a => Do(() => Irc.SetTopic(RequireNetwork(a, 2), a.String(0, "channel"), a.String(1, "topic"))));
        Add("set_mode", a => Do(() =>
        {
            var rest = a.OptionalString(2, "arguments");
            Irc.SetMode(RequireNetwork(a, 3), a.String(0, "target"), a.String(1, "modes"), rest is null ? [] : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }));
        Add("kick", a => Do(() =>
        {
            var reason = a.OptionalString(2, "reason");
            Irc.SendRaw(RequireNetwork(a, 3), reason is null ? $"KICK {a.String(0, "channel")} {a.String(1, "nick")}" : new IrcMessage("KICK", a.String(0, "channel"), a.String(1, "nick"), reason).Format());
        }));

        // Events, commands, timers
        Add("on", On);
        Add("off", Off);
        Add("add_command", AddCommand);
        Add("remove_command", RemoveCommand);
        Add("timer", Timer);
        Add("cancel_timer", CancelTimer);

        // Files, only under paths granted with file_read:/path and file_write:/path (checked by the guard)
        Add("file.read", a => FileCall(a, (files, path) => files.ReadAllText(path)));
        Add("file.exists", a => FileCall(a, (files, path) => files.Exists(path)));
        Add("file.write", a => FileCall(a, (files, path) => Do(() => files.WriteAllText(path, a.String(1, "text")))));
        Add("file.append", a => FileCall(a, (files, path) => Do(() => files.AppendAllText(path, a.String(1, "text")))));

        // Settings and storage, per script, persisted
        Add("config.get", a => Config.Get(a.String(0, "key")) ?? a[1]);
        Add("config.set", a => Do(() => Config.Set(a.String(0, "key"), a[1])));
        Add("storage.get", a => Storage.Get(a.String(0, "key")) ?? a[1]);
        Add("storage.set", a => Do(() => Storage.Set(a.String(0, "key"), a[1])));
    }

    private ScriptStore Config => _config ??= new ScriptStore(Path.Combine(_host.Context.DataDirectory, _script.Name, "config.json"), _host.Limits.StoreBytes, "irc.config", _host.Runtime);

    private ScriptStore Storage => _storage ??= new ScriptStore(Path.Combine(_host.Context.DataDirectory, _script.Name, "storage.json"), _host.Limits.StoreBytes, "irc.storage", _host.Runtime);

    private void Add(string name, ScriptApiFunction function)
    {
        var runtime = _host.Runtime;
        var what = "irc." + name;
        _functions[name] = arguments =>
        {
            try
            {
                return ScriptValues.Check(function(new ScriptArguments(name, arguments, runtime)), what);
            }
            catch (Sdk.Services.ServiceUnavailableException) when (_irc is not null || _ui is not null)
            {
                // A provider went (its module was reloaded): the guards held are stale; fetch them once more.
                (_irc, _ui) = (null, null);
                return ScriptValues.Check(function(new ScriptArguments(name, arguments, runtime)), what);
            }
        };
    }

    private void Alias(string alias, string name) => _functions[alias] = _functions[name];

    private static object? Do(Action action)
    {
        action();
        return null;
    }

    private object? Print(string text, LineKind kind, string? buffer)
    {
        if (_print is not null)
        {
            _print(text);
            return null;
        }
        var ui = Ui;
        if (ui is null) _host.Context.Logger.LogInformation("{Language} {Script}: {Text}", _host.Language, _script.Name, text);
        else ui.Print(buffer ?? ui.CurrentBuffer, text, kind);
        return null;
    }

    /// <summary>The channel or query of the current buffer (<c>network/#chan</c> gives <c>#chan</c>).</summary>
    private string? CurrentTarget()
    {
        return Ui?.CurrentBuffer is { } buffer ? BufferNames.Parse(buffer).Target : null;
    }

    /// <summary>
    /// Which network a call means: the one it names, else the one whose event is being handled, else the
    /// current buffer's, else the only one there is.
    /// </summary>
    private string? Network(ScriptArguments a, int index) => Network(a.OptionalString(index, "server"));

    private string? Network(string? named)
    {
        if (named is not null) return named;
        if (_host.CurrentNetwork is { } handling) return handling;
        if (Ui?.CurrentBuffer is { } buffer)
        {
            var network = BufferNames.Parse(buffer).Network;
            if (Irc.FindNetwork(network) is not null) return network;
        }
        var networks = Irc.Networks();
        return networks.Count == 1 ? networks[0].Name : null;
    }

    private string RequireNetwork(ScriptArguments a, int index) =>
        Network(a, index) ?? throw new ScriptApiException($"irc.{a.Function}: which server? Pass its name as argument {index + 1} (irc.servers() lists them)");

    /// <summary>
    /// The case mapping of the named network, else of the one whose event is being handled, else rfc1459.
    /// Looked up in the engine's name: how a server compares nicks is no secret, so matching needs no permission.
    /// </summary>
    private CaseMapping CaseMappingOf(string? network)
    {
        if ((network ?? _host.CurrentNetwork) is not { } name) return CaseMapping.Rfc1459;
        try
        {
            return _host.Context.Services.Find<IIrcService>()?.FindNetwork(name)?.CaseMapping ?? CaseMapping.Rfc1459;
        }
        catch (Exception ex) when (ex is PermissionDeniedException or Sdk.Services.ServiceUnavailableException)
        {
            return CaseMapping.Rfc1459;
        }
    }

    /// <summary>
    /// Whether a buffer's network part names a network. Asked in the engine's name: a script lacking
    /// irc.read may still run its own command in a channel buffer (its calls are checked as ever).
    /// </summary>
    private bool IsNetwork(string network)
    {
        try
        {
            return _host.Context.Services.Find<IIrcService>()?.NickOf(network) is not null;
        }
        catch (Exception ex) when (ex is PermissionDeniedException or Sdk.Services.ServiceUnavailableException)
        {
            return false;
        }
    }

    private void Require(string permission, string what)
    {
        if (!_script.Granted.Allows(new Permission(permission)))
        {
            throw new PermissionDeniedException(new ExtensionId(_host.Language, _script.Name), new Permission(permission), what);
        }
    }

    /// <summary>
    /// Listening is guarded too: IRC traffic (passwords in raw lines included) needs irc.read, changing
    /// what is sent needs irc.send, changing what is shown needs ui_modification.
    /// </summary>
    private void RequireListening(string name)
    {
        var needed = name switch
        {
            "raw_out" => WellKnownPermissions.IrcSend,
            "display" => WellKnownPermissions.UiModification,
            // What the user types is on its way to IRC (a password to NickServ too), and buffer names tell
            // who the user talks to: as private as IRC traffic. Which modules come and go is not.
            "load" or "unload" => null,
            _ => WellKnownPermissions.IrcRead,
        };
        if (needed is not null) Require(needed, $"irc.on(\"{name}\")");
    }

    /// <summary>
    /// Subscribes an engine's own handler to the events named <paramref name="name"/>, handed over as they
    /// are (no table): for an engine whose extensions read events themselves (native plugins). Checked,
    /// owned, removed by irc.off and when the script stops, and counted toward its share of the client's
    /// time, as irc.on's handlers are; returns the same kind of handle. <paramref name="function"/> is
    /// released with the subscription.
    /// </summary>
    /// <exception cref="PermissionDeniedException">The script may not listen to it.</exception>
    /// <exception cref="ScriptApiException">There is no such event.</exception>
    public long OnEvent(string name, int priority, ScriptFunction function, Func<RustIrcEvent, bool> handler)
    {
        name = name.ToLowerInvariant();
        RequireListening(name);
        var what = $"{name} handler";
        var subscription = ScriptEvents.SubscribeEvents(_script.Identity!.Events, name, e =>
        {
            _host.CurrentNetwork = (e as IrcEvent)?.Network;
            try
            {
                return handler(e);
            }
            finally
            {
                _host.CurrentNetwork = null;
                _host.ChargeTime(_script, what);
            }
        }, priority);
        if (subscription is null)
        {
            function.Release();
            throw new ScriptApiException($"no event named '{name}' (events: {string.Join(", ", ScriptEvents.Names)})");
        }
        return Own(name, subscription, function);
    }

    /// <summary>
    /// <c>irc.my_nick</c> without its argument list, for an engine whose extensions ask on every event
    /// (native plugins): your nick on <paramref name="server"/> (null: as other calls pick it), or null.
    /// </summary>
    /// <exception cref="PermissionDeniedException">The script may not read IRC state.</exception>
    public string? MyNick(string? server) => Network(server) is { } n ? Irc.NickOf(n) : null;

    /// <summary>Which channel <paramref name="target"/> names on <paramref name="network"/> (by its CHANTYPES), or null.</summary>
    public string? ChannelOf(string? network, string? target) => _host.ChannelTypes.ChannelOf(network, target);

    private long Own(string name, IDisposable subscription, ScriptFunction function)
    {
        var handle = ++_nextHandle;
        var owned = new Registration(() =>
        {
            subscription.Dispose();
            function.Release();
        });
        _handlers[handle] = (name, owned);
        return handle;
    }

    private object? On(ScriptArguments a)
    {
        var name = a.String(0, "event").ToLowerInvariant();
        RequireListening(name);
        var function = a.Callback(1, "handler");
        var priority = (int)a.Integer(2, "priority", 0);
        IDisposable? subscription;
        // Named once here, not at every event: errors name the handler by it.
        var what = name is "raw_in" or "raw_out" or "display" ? $"{name} modifier" : $"{name} handler";
        if (name is "raw_in" or "raw_out" or "display")
        {
            var kind = name switch { "raw_in" => ModifierKind.IncomingRaw, "raw_out" => ModifierKind.OutgoingRaw, _ => ModifierKind.Display };
            subscription = _script.Identity!.Events.AddModifier(kind, (_, network, text) =>
            {
                _host.CurrentNetwork = network;
                try
                {
                    // A modifier returns the new text, false to drop the line, or nothing to leave it.
                    return _host.Invoke(_script, function, what, text, network) switch
                    {
                        string changed => changed,
                        false => null,
                        _ => text,
                    };
                }
                finally
                {
                    _host.CurrentNetwork = null;
                }
            }, priority);
        }
        else
        {
            subscription = ScriptEvents.Subscribe(_script.Identity!.Events, name, _host.ChannelTypes.ChannelOf, table =>
            {
                _host.CurrentNetwork = table["server"] as string;
                try
                {
                    // A handler that returns true eats the event.
                    return _host.InvokeEvent(_script, function, what, table) is true;
                }
                finally
                {
                    _host.CurrentNetwork = null;
                }
            }, priority);
        }
        if (subscription is null)
        {
            function.Release();
            throw new ScriptApiException($"irc.on: no event named '{name}' (events: {string.Join(", ", ScriptEvents.Names)}, raw_in, raw_out, display)");
        }
        return Own(name, subscription, function);
    }

    /// <summary><c>irc.off(handle)</c> removes one handler; <c>irc.off("join")</c> every handler of that event. Returns how many went.</summary>
    private object? Off(ScriptArguments a)
    {
        var removed = a[0] switch
        {
            long handle => _handlers.Where(h => h.Key == handle).ToList(),
            double d when d == Math.Floor(d) => _handlers.Where(h => h.Key == (long)d).ToList(),
            string name => _handlers.Where(h => string.Equals(h.Value.Event, name, StringComparison.OrdinalIgnoreCase)).ToList(),
            _ => throw new ScriptApiException("irc.off: argument 1 must be a handle irc.on returned, or an event name"),
        };
        foreach (var (handle, (_, registration)) in removed)
        {
            _handlers.Remove(handle);
            registration.Dispose();
        }
        return (long)removed.Count;
    }

    private object? AddCommand(ScriptArguments a)
    {
        var name = a.String(0, "name");
        var function = a.Callback(1, "handler");
        var help = a.OptionalString(2, "help") ?? $"A command of {_host.Noun} {_script.Name}.";
        var completions = a.OptionalList(3, "completions")?.Array.OfType<string>().ToArray() ?? [];
        var registration = _script.Identity!.Commands.Register(new CommandDefinition
        {
            Name = name,
            Usage = $"/{name}",
            Help = help,
            Origin = $"{_host.Noun} {_script.Name}",
            Handler = invocation =>
            {
                var args = new ScriptTable { IsList = true };
                args.Array.AddRange(invocation.Arguments);
                args.Fields["text"] = invocation.ArgumentText;
                args.Fields["buffer"] = invocation.Buffer;
                _host.CurrentNetwork = invocation.Buffer is { } buffer && BufferNames.Parse(buffer).Network is var network && IsNetwork(network) ? network : null;
                try
                {
                    // The user typed it and waits for the answer: the error goes where it was typed, and the
                    // command counts as failed (not thrown: that would count against the whole engine module).
                    // A handler that returns text answers with it.
                    var (result, error) = _host.Call(_script, function, $"/{name}", args);
                    if (error is not null) invocation.Fail(error);
                    else if (result is string { Length: > 0 } answer) invocation.Reply(answer);
                }
                finally
                {
                    _host.CurrentNetwork = null;
                }
                return ValueTask.CompletedTask;
            },
            Complete = _ => completions,
        });
        var owned = new Registration(() =>
        {
            registration.Dispose();
            function.Release();
        });
        _script.Commands[name.TrimStart('/').Trim()] = owned;
        return null;
    }

    /// <summary>
    /// <c>irc.remove_command(name)</c> removes a command the script added; true when it went, false when
    /// there is no such command (any more). Another script's command or one of the client's is refused.
    /// </summary>
    private object? RemoveCommand(ScriptArguments a)
    {
        var name = a.String(0, "name").TrimStart('/').Trim();
        if (_script.Commands.Remove(name, out var owned))
        {
            owned.Dispose();
            return true;
        }
        if (_host.Context.Commands.Find(name) is not { } command) return false;
        var owner = _host.Scripts.All.FirstOrDefault(s => s != _script && s.Commands.ContainsKey(name)) is { } other
            ? $"{_host.Noun} '{other.Name}'"
            : command.Owner == ExtensionId.Kernel ? "the client itself" : command.Owner.ToString();
        throw new ScriptApiException($"irc.remove_command: /{command.Name} belongs to {owner}; a script can remove only the commands it added with irc.add_command");
    }

    /// <summary><c>irc.timer(ms, fn [, repeat])</c>; returns a handle for <c>irc.cancel_timer</c>.</summary>
    private object? Timer(ScriptArguments a)
    {
        var milliseconds = a.Integer(0, "milliseconds");
        if (milliseconds < 1) throw new ScriptApiException("irc.timer: the delay must be at least 1 ms");
        var function = a.Callback(1, "callback");
        var repeat = a.Boolean(2, false);
        var delay = TimeSpan.FromMilliseconds(milliseconds);
        // Handles come from the same counter as irc.on's, so one can never be taken for the other.
        var handle = ++_nextHandle;
        var timer = _script.Identity!.Loop.Schedule(delay, () =>
        {
            _host.Invoke(_script, function, "timer");
            if (!repeat) Cancel(handle);
        }, repeat ? delay : null);
        var owned = new Registration(() =>
        {
            timer.Dispose();
            function.Release();
        });
        _timers[handle] = owned;
        return handle;
    }

    /// <summary><c>irc.cancel_timer(handle)</c>: true when the timer was waiting, false when it had fired (once), was cancelled or never was.</summary>
    private object? CancelTimer(ScriptArguments a) => a[0] switch
    {
        long handle => Cancel(handle),
        double d when d == Math.Floor(d) => Cancel((long)d),
        null => false,
        var other => throw new ScriptApiException($"irc.cancel_timer: argument 1 (handle) must be a handle irc.timer returned, not {a.TypeNameOf(other)}"),
    };

    private bool Cancel(long handle)
    {
        if (!_timers.Remove(handle, out var owned)) return false;
        owned.Dispose();
        return true;
    }

    /// <summary>
    /// One registration of the script's (owned by its identity, which removes it when the script stops)
    /// with the script function it calls, for irc.off, irc.cancel_timer and irc.remove_command to remove one
    /// early; disposing it twice does nothing.
    /// </summary>
    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
