using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RustIrc.Modules.Irc.Connection;
using RustIrc.Modules.Irc.Protocol;
using RustIrc.Modules.Irc.State;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

/// <summary>
/// One network: its connection (with reconnects and backoff), registration, session state and the
/// events it publishes. Everything here runs on the client loop except the socket reader, which hands
/// parsed lines over in batches.
/// </summary>
internal sealed partial class IrcNetwork
{
    /// <summary>Batches the reader may have queued on the loop before it waits: bounds memory under a flood.</summary>
    private const int BatchesInFlight = 2;

    /// <summary>The <see cref="DisconnectedEvent"/> reason when we quit: the server closing after our QUIT is no loss.</summary>
    public const string ClosedByUs = "disconnected";

    private readonly INetworkHost _host;
    private readonly SemaphoreSlim _inFlight = new(BatchesInFlight);
    private readonly HashSet<string> _rejoin;
    private CancellationTokenSource _stop = new();
    private CancellationTokenSource? _wait;
    private IrcConnection? _connection;
    private Task _running = Task.CompletedTask;
    private IDisposable? _keepAliveTimer;
    private readonly ReconnectBackoff _backoff = new(Random.Shared);
    private long _lastReceived;
    private long _pingSent;
    private string? _pingToken;
    private bool _quitting;
    private string? _refusal; // why the server or the certificate refused us for good; stops the reconnects

    public IrcNetwork(IrcNetworkOptions options, INetworkHost host)
    {
        Options = options;
        _host = host;
        State = new NetworkState(options.Nick);
        _rejoin = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    public string Name => Options.Name;

    public IrcNetworkOptions Options { get; set; }

    public NetworkState State { get; private set; }

    public IrcConnectionState ConnectionState { get; private set; }

    public bool IsRegistered => ConnectionState == IrcConnectionState.Connected;

    public TimeSpan? Lag { get; private set; }

    /// <summary>The <c>/list</c> whose replies are arriving, or null.</summary>
    public ChannelListing? Listing { get; set; }

    /// <summary>Starts connecting (on the loop); reconnects by itself until <see cref="DisconnectAsync"/>.</summary>
    public void Start()
    {
        _quitting = false;
        _stop = new CancellationTokenSource();
        _running = RunAsync(_stop.Token);
    }

    /// <summary>Drops the connection and connects again at once (new options when given).</summary>
    public async Task RestartAsync(IrcNetworkOptions? options = null)
    {
        await DisconnectAsync(null, quietly: true);
        if (options is not null) Options = options;
        Start();
    }

    /// <summary>Sends QUIT, closes the connection and stops reconnecting.</summary>
    public async Task DisconnectAsync(string? reason, bool quietly = false)
    {
        if (!_stop.IsCancellationRequested)
        {
            _quitting = true;
            if (_connection is { } connection && !quietly)
            {
                SendUrgent(new IrcMessage("QUIT", reason ?? _host.Settings.QuitMessage));
            }
            if (_connection is { } open) await open.CloseAsync(TimeSpan.FromSeconds(2));
            await _stop.CancelAsync();
        }
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Joins now when registered; otherwise as soon as registration completes.</summary>
    public void JoinWhenReady(string channels, string? keys)
    {
        if (IsRegistered)
        {
            Send(keys is null ? new IrcMessage("JOIN", channels) : new IrcMessage("JOIN", channels, keys));
            return;
        }
        _rejoin.Add(keys is null ? channels : channels + " " + keys);
        _host.Status(Name, $"will join {channels} once connected", LineKind.Event);
    }

    /// <summary>Wakes a network that is waiting to reconnect, so it tries now.</summary>
    public void ReconnectNow() => _wait?.Cancel();

    public IrcNetworkInfo ToInfo() => new()
    {
        Name = Name,
        Server = $"{Options.Host}:{Options.EffectivePort}",
        State = ConnectionState,
        Nick = State.Nick,
        Tls = Options.Tls,
        NetworkName = State.Support.NetworkName,
        CaseMapping = State.Support.CaseMapping,
        Lag = Lag,
        Capabilities = [.. State.Capabilities.Order(StringComparer.Ordinal)],
        ISupport = new Dictionary<string, string>(State.Support.Tokens, StringComparer.OrdinalIgnoreCase),
        Account = State.Account,
        Away = State.Away,
    };

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ConnectionState = IrcConnectionState.Connecting;
            _host.Status(Name, $"connecting to {Options.Host}:{Options.EffectivePort}{(Options.Tls ? " (TLS)" : "")}…", LineKind.Event);
            string reason;
            _refusal = null;
            try
            {
                _connection = await IrcConnection.OpenAsync(Options, _host.Transport, _host.Settings.ConnectTimeout, stop);
                reason = await SessionAsync(_connection, stop);
            }
            catch (IrcConnectionException ex)
            {
                reason = ex.Message; // shown with the DisconnectedEvent below
                if (!ex.WorthRetrying) _refusal = "the certificate was refused";
            }
            catch (OperationCanceledException)
            {
                reason = ClosedByUs;
            }
            catch (Exception) when (_quitting || stop.IsCancellationRequested)
            {
                // Closed by us while a read was pending: a transport may fail that read in its own way.
                reason = ClosedByUs;
            }
            catch (Exception ex)
            {
                // A bug of ours in reading the connection must not end the network silently: say so and reconnect.
                _host.Logger.LogError(ex, "{Network}: reading the connection failed", Name);
                reason = $"connection dropped: the client failed reading it ({ex.GetType().Name}: {ex.Message}); this is a bug in RustIrc, please report it";
            }
            finally
            {
                await EndSessionAsync();
            }
            if (_quitting) reason = ClosedByUs;

            var again = !stop.IsCancellationRequested && Options.Reconnect && _refusal is null;
            var delay = again ? _backoff.Next(_host.Settings.ReconnectDelay, _host.Settings.MaxReconnectDelay) : TimeSpan.Zero;
            _host.Events.Publish(new DisconnectedEvent { Network = Name, Reason = reason, WillReconnect = again });
            if (_refusal is not null && !stop.IsCancellationRequested)
            {
                _host.Status(Name, $"not reconnecting by itself: {_refusal}, and trying again cannot change that. /reconnect tries again when you have dealt with it", LineKind.Error);
            }
            if (!again) break;
            ConnectionState = IrcConnectionState.WaitingToReconnect;
            _host.Status(Name, $"reconnecting in {delay.TotalSeconds:0.#} s (/reconnect tries now, /disconnect stops)", LineKind.Event);
            _wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                await Task.Delay(delay, _wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        ConnectionState = IrcConnectionState.Disconnected;
    }

    private async Task<string> SessionAsync(IrcConnection connection, CancellationToken stop)
    {
        ConnectionState = IrcConnectionState.Registering;
        _lastReceived = Stopwatch.GetTimestamp();
        BeginRegistration();
        var tick = KeepAliveTick(_host.Settings);
        _keepAliveTimer = _host.Loop.Schedule(tick, () => KeepAlive(connection), tick);
        var events = _host.Events;
        // The reader runs off the loop; its batches come back here in order.
        return await Task.Run(() => connection.ReadLinesAsync(
            batch => DeliverAsync(connection, batch, stop),
            () => events.HasModifiers(ModifierKind.IncomingRaw) || events.HasListeners<RawLineEvent>(),
            stop), CancellationToken.None);
    }

    private async ValueTask DeliverAsync(IrcConnection connection, List<IncomingLine> batch, CancellationToken stop)
    {
        await _inFlight.WaitAsync(stop);
        _host.Loop.Post(() =>
        {
            try
            {
                if (!ReferenceEquals(connection, _connection)) return; // a batch from a connection already closed
                _lastReceived = Stopwatch.GetTimestamp();
                foreach (var line in batch) Receive(line);
            }
            finally
            {
                connection.Recycle(batch);
                _inFlight.Release();
            }
        });
    }

    private async Task EndSessionAsync()
    {
        _keepAliveTimer?.Dispose();
        _keepAliveTimer = null;
        CancelRegistrationTimers();
        ResetReclaim();
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
        if (ConnectionState == IrcConnectionState.Connected)
        {
            foreach (var channel in State.Channels.Keys) _rejoin.Add(channel);
        }
        var nick = State.Nick;
        State = new NetworkState(Options.Nick) { Nick = nick };
        Lag = null;
        _pingToken = null;
    }

    /// <summary>
    /// How often the keep-alive looks: every 5 s, or finer when the settings are short. A silent server is
    /// dropped within pingInterval + pingTimeout + two ticks, and a tick is at most a quarter of pingTimeout.
    /// </summary>
    internal static TimeSpan KeepAliveTick(IrcSettings settings)
    {
        var finest = Math.Min(settings.PingInterval.TotalSeconds, settings.PingTimeout.TotalSeconds / 4);
        return TimeSpan.FromSeconds(Math.Clamp(finest, 0.1, 5));
    }

    /// <summary>Measures lag and notices a dead connection: a PING every interval, a drop when it is not answered.</summary>
    private void KeepAlive(IrcConnection connection)
    {
        // Before 001 servers answer PING with 451 and no PONG; registration has its own deadline.
        if (!ReferenceEquals(connection, _connection) || !IsRegistered) return;
        var settings = _host.Settings;
        if (_pingToken is not null)
        {
            if (Stopwatch.GetElapsedTime(_pingSent) > settings.PingTimeout)
            {
                _host.Status(Name, $"no answer from the server for {settings.PingTimeout.TotalSeconds:0} s; reconnecting", LineKind.Error);
                _ = connection.DisposeAsync().AsTask();
            }
            return;
        }
        if (Stopwatch.GetElapsedTime(_pingSent) >= settings.PingInterval || _pingSent == 0)
        {
            _pingSent = Stopwatch.GetTimestamp();
            _pingToken = "rustirc-" + _pingSent.ToString(System.Globalization.CultureInfo.InvariantCulture);
            SendUrgent(new IrcMessage("PING", _pingToken));
        }
    }

    // ---- sending ----

    /// <summary>Sends one line through flood control. Throws when the network is not connected.</summary>
    public void Send(IrcMessage message) => SendLine(message.Format(), urgent: false);

    public void SendUrgent(IrcMessage message) => SendLine(message.Format(), urgent: true);

    /// <summary>Sends a raw line after the outgoing modifiers; a line a modifier drops is not sent.</summary>
    public void SendLine(string line, bool urgent)
    {
        var connection = _connection ?? throw new InvalidOperationException($"{Name} is not connected; /connect to it first (or /reconnect).");
        if (line.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new IrcFormatException(IrcParseError.IllegalCharacter, "An IRC line cannot contain CR, LF or NUL.");
        }
        var events = _host.Events;
        if (events.HasModifiers(ModifierKind.OutgoingRaw))
        {
            if (events.Modify(ModifierKind.OutgoingRaw, Name, line) is not { } modified) return;
            line = modified;
        }
        if (events.HasListeners<RawLineEvent>()) events.Publish(IrcCredentials.WithLoginMasked(new RawLineEvent { Network = Name, Line = line, Outgoing = true }));
        connection.Send(line, urgent);
    }

    /// <summary>Sends PRIVMSG or NOTICE text, split to fit, and shows it as ours unless the server echoes it.</summary>
    public void SendText(string verb, string target, string text, bool action = false)
    {
        RequireRegistered();
        var prefix = State.Nick.Length + 1 + (State.OwnUser is { } u && State.OwnHost is { } h ? u.Length + 1 + h.Length : MessageSplitter.UnknownUserHostBytes);
        var budget = MessageSplitter.TextBudget(prefix, verb, target, action ? 9 : 0);
        foreach (var piece in MessageSplitter.Split(text, budget))
        {
            Send(new IrcMessage(verb, target, action ? Ctcp.Frame("ACTION", piece) : piece));
            if (State.Has("echo-message")) continue;
            // Without echo-message the server never shows us our own line: show it ourselves.
            var events = _host.Events;
            if (action) events.Publish(new ActionEvent { Network = Name, Nick = State.Nick, User = State.OwnUser, Host = State.OwnHost, Target = target, Text = piece, IsOwn = true });
            else if (verb == "NOTICE") events.Publish(IrcCredentials.WithLoginMasked(new NoticeEvent { Network = Name, Nick = State.Nick, User = State.OwnUser, Host = State.OwnHost, Target = target, Text = piece }));
            else events.Publish(IrcCredentials.WithLoginMasked(new MessageEvent { Network = Name, Nick = State.Nick, User = State.OwnUser, Host = State.OwnHost, Target = target, Text = piece, IsOwn = true }));
        }
    }

    public void RequireRegistered()
    {
        if (!IsRegistered) throw new InvalidOperationException($"{Name} is not connected yet ({ConnectionState.ToString().ToLowerInvariant()}); wait for it or /reconnect.");
    }

    /// <summary>Refuses text for a channel buffer we are not in (after /part or a kick): it would go out anyway where the channel allows it.</summary>
    public void RequireJoined(string target)
    {
        RequireRegistered();
        if (State.Support.IsChannel(target) && !State.Channels.ContainsKey(target))
        {
            throw new InvalidOperationException($"you are not in {target}; /join {target} to talk there.");
        }
    }

    private void Warn(string text)
    {
        _host.Logger.LogWarning("{Network}: {Text}", Name, text);
        _host.Status(Name, text, LineKind.Error);
    }
}
