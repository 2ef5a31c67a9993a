using System.Text;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc;

// Registration: CAP LS 302 negotiation (with cap-notify), SASL PLAIN/EXTERNAL, PASS/NICK/USER and
// the nick-in-use fallback, up to RPL_WELCOME.
internal sealed partial class IrcNetwork
{
    /// <summary>The capabilities we ask for when the server offers them (sasl only when configured).</summary>
    internal static readonly string[] WantedCapabilities =
    [
        "message-tags", "server-time", "multi-prefix", "away-notify", "account-notify", "extended-join", "chghost",
        "invite-notify", "echo-message", "batch", "labeled-response", "setname", "userhost-in-names", "cap-notify",
        "account-tag", "sasl",
    ];

    private readonly Dictionary<string, string> _offered = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _lsBuffer = [];
    private bool _negotiating;
    private int _capRequestsPending;
    private bool _saslInProgress;
    private int _nickAttempt;
    private IDisposable? _capTimeout;
    private IDisposable? _registrationTimeout;

    private void BeginRegistration()
    {
        _offered.Clear();
        _lsBuffer.Clear();
        _negotiating = true;
        _capRequestsPending = 0;
        _saslInProgress = false;
        _nickAttempt = 0;
        State.Nick = Options.Nick;
        SendUrgent(new IrcMessage("CAP", "LS", "302"));
        if (Options.Password is { Length: > 0 } password) SendUrgent(new IrcMessage("PASS", password));
        SendUrgent(new IrcMessage("NICK", Options.Nick));
        SendUrgent(new IrcMessage("USER", Options.UserName ?? Options.Nick, "0", "*", Options.RealName ?? "RustIrc user"));

        // A server that holds registration for CAP but never answers it is nudged on; one that never
        // finishes registration at all is dropped, and the reconnect logic takes over.
        _capTimeout = _host.Loop.Schedule(TimeSpan.FromSeconds(10), () =>
        {
            if (_negotiating && !IsRegistered && _connection is not null)
            {
                Warn("the server did not answer CAP LS within 10 s; going on without IRCv3 capabilities");
                EndCapabilityNegotiation();
            }
        });
        var connection = _connection;
        _registrationTimeout = _host.Loop.Schedule(TimeSpan.FromSeconds(60), () =>
        {
            if (!IsRegistered && ReferenceEquals(connection, _connection) && connection is not null)
            {
                Warn("the server did not finish registration within 60 s; dropping the connection");
                _ = connection.DisposeAsync().AsTask();
            }
        });
    }

    private void CancelRegistrationTimers()
    {
        _capTimeout?.Dispose();
        _registrationTimeout?.Dispose();
        _capTimeout = _registrationTimeout = null;
    }

    private void EndCapabilityNegotiation()
    {
        if (!_negotiating) return;
        _negotiating = false;
        SendUrgent(new IrcMessage("CAP", "END"));
    }

    private void OnCap(IrcMessage m)
    {
        if (m.Parameters.Count < 2) return;
        var subcommand = m.Parameters[1].ToUpperInvariant();
        var last = m.Parameters[^1];
        switch (subcommand)
        {
            case "LS":
                _lsBuffer.Add(last);
                if (m.Parameters.Count >= 4 && m.Parameters[2] == "*") return; // more LS lines follow
                foreach (var token in string.Join(' ', _lsBuffer).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = token.IndexOf('=');
                    _offered[equals < 0 ? token : token[..equals]] = equals < 0 ? "" : token[(equals + 1)..];
                }
                _lsBuffer.Clear();
                RequestCapabilities(_offered.Keys);
                break;
            case "NEW":
                var added = last.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=', 2)).ToList();
                foreach (var pair in added) _offered[pair[0]] = pair.Length > 1 ? pair[1] : "";
                RequestCapabilities(added.Select(p => p[0]));
                break;
            case "DEL":
                foreach (var name in last.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    _offered.Remove(name);
                    State.Capabilities.Remove(name);
                }
                break;
            case "ACK":
                foreach (var name in last.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (name.StartsWith('-')) State.Capabilities.Remove(name[1..]);
                    else State.Capabilities.Add(name);
                }
                _capRequestsPending = Math.Max(0, _capRequestsPending - 1);
                if (_negotiating && State.Has("sasl") && Options.SaslMechanism is not null && !_saslInProgress && State.Account is null)
                {
                    BeginSasl();
                }
                FinishNegotiationIfDone();
                break;
            case "NAK":
                _capRequestsPending = Math.Max(0, _capRequestsPending - 1);
                Warn($"the server refused the capabilities: {last}");
                FinishNegotiationIfDone();
                break;
        }
    }

    private void RequestCapabilities(IEnumerable<string> offered)
    {
        var wanted = offered
            .Where(c => WantedCapabilities.Contains(c, StringComparer.OrdinalIgnoreCase) && !State.Capabilities.Contains(c))
            .Where(c => !c.Equals("sasl", StringComparison.OrdinalIgnoreCase) || Options.SaslMechanism is not null)
            .ToList();
        if (Options.SaslMechanism is not null && !_offered.ContainsKey("sasl") && _negotiating)
        {
            Warn($"SASL {Options.SaslMechanism} was asked for, but the server does not offer SASL; registering without logging in");
        }
        if (wanted.Count == 0)
        {
            FinishNegotiationIfDone();
            return;
        }
        _capRequestsPending++;
        SendUrgent(new IrcMessage("CAP", "REQ", string.Join(' ', wanted)));
    }

    private void FinishNegotiationIfDone()
    {
        if (_negotiating && _capRequestsPending == 0 && !_saslInProgress) EndCapabilityNegotiation();
    }

    private void BeginSasl()
    {
        var mechanism = Options.SaslMechanism!.ToUpperInvariant();
        if (_offered.TryGetValue("sasl", out var mechanisms) && mechanisms.Length > 0
            && !mechanisms.Split(',').Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            Warn($"the server does not support SASL {mechanism} (it offers {mechanisms}); registering without logging in");
            return;
        }
        _saslInProgress = true;
        SendUrgent(new IrcMessage("AUTHENTICATE", mechanism));
    }

    private void OnAuthenticate(IrcMessage m)
    {
        if (!_saslInProgress || m.Parameters.Count == 0 || m.Parameters[0] != "+") return;
        if (string.Equals(Options.SaslMechanism, "EXTERNAL", StringComparison.OrdinalIgnoreCase))
        {
            SendUrgent(new IrcMessage("AUTHENTICATE", "+"));
            return;
        }
        var user = Options.SaslUser ?? Options.Nick;
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}\0{user}\0{Options.SaslPassword}"));
        // Payloads go in 400-byte pieces; one that ends exactly on a piece boundary is closed with "+".
        for (var at = 0; at < payload.Length; at += 400)
        {
            SendUrgent(new IrcMessage("AUTHENTICATE", payload.Substring(at, Math.Min(400, payload.Length - at))));
        }
        if (payload.Length % 400 == 0) SendUrgent(new IrcMessage("AUTHENTICATE", "+"));
    }

    private void OnSaslResult(int code, IrcMessage m)
    {
        switch (code)
        {
            case 900: // RPL_LOGGEDIN: <nick> <nick!user@host> <account> :text
                State.Account = m.Parameters.Count > 2 ? m.Parameters[2] : State.Account;
                _host.Status(Name, $"logged in as {State.Account}", LineKind.Event);
                return;
            case 901: // RPL_LOGGEDOUT
                State.Account = null;
                return;
            case 903: // RPL_SASLSUCCESS
                break;
            case 902 or 904 or 905 or 906 or 907:
                if (code == 907) break; // already authenticated
                Warn($"SASL login failed ({LastParameter(m)}); check saslUser and saslPassword (or /connect --sasl user:pass). Registering without logging in");
                break;
            default:
                return;
        }
        _saslInProgress = false;
        FinishNegotiationIfDone();
    }

    /// <summary>433/432/436/437 before registration: try the next nick.</summary>
    private void OnNickUnavailable(IrcMessage m)
    {
        var refused = m.Parameters.Count > 1 ? m.Parameters[1] : State.Nick;
        if (IsRegistered)
        {
            _host.Status(Name, $"cannot change nick to {refused}: {LastParameter(m)}", LineKind.Error);
            return;
        }
        _nickAttempt++;
        var alternatives = Options.AlternativeNicks;
        string next;
        if (_nickAttempt <= alternatives.Count)
        {
            next = alternatives[_nickAttempt - 1];
        }
        else
        {
            var extra = _nickAttempt - alternatives.Count;
            var stem = Options.Nick[..Math.Min(Options.Nick.Length, Math.Max(1, State.Support.NickLength - extra))];
            next = extra <= 3 ? stem + new string('_', extra) : stem[..Math.Min(stem.Length, Math.Max(1, State.Support.NickLength - 4))] + Random.Shared.Next(1000, 9999);
        }
        _host.Status(Name, $"nick {refused} is not available ({LastParameter(m)}); trying {next}", LineKind.Event);
        State.Nick = next;
        SendUrgent(new IrcMessage("NICK", next));
    }

    private void OnWelcome(IrcMessage m)
    {
        CancelRegistrationTimers();
        _negotiating = false;
        State.Nick = m.Parameters.Count > 0 ? m.Parameters[0] : State.Nick;
        ConnectionState = IrcConnectionState.Connected;
        _backoff.Reset();
        _host.Events.Publish(new ConnectedEvent
        {
            Network = Name,
            Nick = m.Source,
            Server = $"{Options.Host}:{Options.EffectivePort}",
            OwnNick = State.Nick,
            Tags = m.Tags,
        });

        var channels = new List<string>();
        foreach (var entry in Options.AutoJoin.Concat(_rejoin))
        {
            if (!channels.Contains(entry, StringComparer.OrdinalIgnoreCase)) channels.Add(entry);
        }
        _rejoin.Clear();
        foreach (var entry in channels)
        {
            var parts = entry.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            Send(parts.Length == 2 ? new IrcMessage("JOIN", parts[0], parts[1]) : new IrcMessage("JOIN", parts[0]));
        }
    }
}
