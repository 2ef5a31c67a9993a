using System.Composition;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>
/// The IRC protocol as a module: provides <see cref="IIrcService"/>, the IRC commands, typed text sent
/// to channels and queries, and buffers for every network. Networks from the settings (and from
/// <c>rustirc --connect</c>) are joined at start and keep the client running as a bot after input ends.
/// Unloading quits every network cleanly; networks added with <c>/connect</c> come back with the next load.
/// </summary>
[Export(typeof(IModule))]
public sealed class IrcModule : ModuleBase, INetworkHost, IKeepsStateAcrossReload
{
    private IrcService _service = null!;
    private BufferPrinter _printer = null!;
    private IgnoreList _ignores = null!;
    private IDisposable? _keepAlive;
    private HashSet<string> _configured = [];

    IEventBus INetworkHost.Events => Context.Events;

    IClientLoop INetworkHost.Loop => Context.Loop;

    ILogger INetworkHost.Logger => Context.Logger;

    IrcSettings INetworkHost.Settings => Settings;

    IgnoreList INetworkHost.Ignores => _ignores;

    IIrcTransport? INetworkHost.Transport => Context.Services.Find<IIrcTransport>();

    internal IrcSettings Settings { get; private set; } = new();

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        Settings = IrcSettings.Read(Context.Settings, problems);
        _ignores = IgnoreList.Load(Path.Combine(Context.DataDirectory, "ignores.json"), problems);
        _service = new IrcService(this);
        _printer = new BufferPrinter(Context.Services, Context.Events, _service, _ignores) { HighlightWords = Settings.Highlights };
        Context.Services.Provide<IIrcService>(_service);
        Func<IUiModel?> ui = () => Context.Services.Find<IUiModel>();
        IrcCommandSet[] commands = [new IrcCommands(_service, Settings, ui, _printer), new ChannelOperatorCommands(_service, ui), new IgnoreCommands(_service, ui, _ignores)];
        foreach (var set in commands) set.Register(Context.Commands);
        Context.Events.Subscribe<InputEvent>(OnInput);

        foreach (var problem in problems) Context.Logger.LogWarning("{Problem}", problem);
        if (problems.Count > 0)
        {
            // Shown once the client has started, so the frontends (which may start after us) see them.
            Context.Loop.Post(() =>
            {
                foreach (var problem in problems) _printer.Status(IUiModel.StatusBuffer, problem, LineKind.Error);
            });
        }
        var names = Settings.AutoConnect.Select(_service.Connect).ToList();
        _configured = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        if (names.Count > 0)
        {
            // A bot: stay on the networks after standard input ends.
            _keepAlive = Context.Lifetime.KeepAlive($"irc: connected to {string.Join(", ", names)}");
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _keepAlive?.Dispose();
        var reason = Context.Lifetime.QuitMessage ?? Settings.QuitMessage;
        try
        {
            await _service.DisconnectAllAsync(reason).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Context.Logger.LogWarning("Some networks did not close within 5 s; their connections were dropped.");
        }
    }

    /// <summary>The networks added at run time and not disconnected, as they are now (nick, channels), for the next load.</summary>
    public string? SaveStateForReload()
    {
        var added = _service.All
            .Where(n => !_configured.Contains(n.Name) && n.ConnectionState != IrcConnectionState.Disconnected)
            .Select(n => n.Options with
            {
                Nick = n.State.Nick.Length > 0 ? n.State.Nick : n.Options.Nick,
                AutoJoin = [.. n.Options.AutoJoin.Union(n.State.Channels.Keys, StringComparer.OrdinalIgnoreCase)],
            })
            .ToList();
        // A fresh options object: its type cache goes with it, and holds nothing of this load context anyway.
        return added.Count == 0 ? null : JsonSerializer.Serialize(added, new JsonSerializerOptions());
    }

    /// <summary>Connects again to the networks the previous instance had added.</summary>
    public void RestoreStateAfterReload(string state)
    {
        foreach (var options in JsonSerializer.Deserialize<List<IrcNetworkOptions>>(state, new JsonSerializerOptions()) ?? [])
        {
            if (_service.Find(options.Name) is null) _service.Connect(options);
        }
    }

    void INetworkHost.Status(string network, string text, LineKind kind) => _printer.Status(network, text, kind);

    /// <summary>Text typed in a channel or query buffer is a message to it.</summary>
    private EventResult OnInput(InputEvent input)
    {
        var (name, target) = BufferNames.Parse(input.Buffer);
        if (_service.Find(name) is not { } network) return EventResult.Continue;
        try
        {
            if (target is null)
            {
                _printer.Status(network.Name, "This is the server buffer: join a channel (/join #chan) or talk to someone (/msg NICK text).", LineKind.Error);
            }
            else
            {
                network.RequireJoined(target);
                network.SendText("PRIVMSG", target, input.Text);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IrcFormatException)
        {
            _printer.Line(input.Buffer, network.Name, ex.Message, LineKind.Error);
        }
        return EventResult.Eat;
    }
}
