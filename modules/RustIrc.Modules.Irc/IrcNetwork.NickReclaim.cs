using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Irc;

// Taking back the nick registration had to do without: after a ping timeout the last connection's ghost
// may hold it for minutes. Watched with MONITOR where the server has it, asked with ISON every few
// seconds where not, and tried at once when its holder is seen to leave.
internal sealed partial class IrcNetwork
{
    private static readonly TimeSpan ReclaimPollInterval = TimeSpan.FromSeconds(15);

    private string? _reclaiming;     // the nick waited for (null: we have it, gave up, or never wanted)
    private string? _reclaimTried;   // the NICK sent for it, not yet answered
    private bool _reclaimMonitored;  // on the server's MONITOR list (else polled with ISON)
    private int _ownIsonAnswers;     // our ISON questions still unanswered: their 303s are not shown
    private bool _reclaimConsidered; // this session decided already (a later /motd ends the MOTD again)
    private IDisposable? _reclaimPoll;

    /// <summary>At the end of the MOTD (ISUPPORT is complete): starts waiting for the configured nick if we registered with another.</summary>
    private void BeginReclaim()
    {
        var wanted = Options.Nick;
        if (_reclaimConsidered) return;
        _reclaimConsidered = true;
        if (!_host.Settings.ReclaimNick || State.IsMe(wanted)) return;
        _reclaiming = wanted;
        _host.Status(Name, $"{wanted} is taken (perhaps by this client's last connection, not yet timed out); you are {State.Nick} " +
            $"until it is free, then {wanted} again (/nick NEWNICK stops waiting)", LineKind.Event);
        // Logged in, we may ask services to free a nick our account owns (Anope's RECOVER), rather than wait out the ghost.
        if (State.Account is not null && _host.Settings.NickServRecover is { Length: > 0 } recover)
        {
            _host.Status(Name, $"asking NickServ to {recover} {wanted}, which your account {State.Account} may own", LineKind.Event);
            Send(new IrcMessage("PRIVMSG", "NickServ", $"{recover} {wanted}"));
        }
        if (State.Support.Tokens.ContainsKey("MONITOR"))
        {
            _reclaimMonitored = true;
            Send(new IrcMessage("MONITOR", "+", wanted));
        }
        else
        {
            PollForReclaim();
        }
    }

    private void PollForReclaim() => _reclaimPoll ??= _host.Loop.Schedule(ReclaimPollInterval, AskWhetherReclaimable, ReclaimPollInterval);

    private void AskWhetherReclaimable()
    {
        if (_reclaiming is null || !IsRegistered) return;
        _reclaimTried = null; // a try the server never answered is not waited for past the next poll
        _ownIsonAnswers++;
        Send(new IrcMessage("ISON", _reclaiming));
    }

    private void TryReclaim()
    {
        if (_reclaiming is null || _reclaimTried is not null) return;
        _reclaimTried = _reclaiming;
        Send(new IrcMessage("NICK", _reclaiming));
    }

    /// <summary>Whether <paramref name="nick"/> is the one waited for.</summary>
    private bool IsWanted(string nick) => _reclaiming is not null && State.Comparer.Equals(nick, _reclaiming);

    /// <summary>731 RPL_MONOFFLINE: tries the nick when it is among those gone. Returns whether the line was only about it (not shown).</summary>
    private bool OnMonitorOffline(IReadOnlyList<string> p)
    {
        if (_reclaiming is null || p.Count < 2) return false;
        var targets = p[^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (!targets.Any(IsWanted)) return false;
        TryReclaim();
        return targets.All(IsWanted);
    }

    /// <summary>730 RPL_MONONLINE: still held. Returns whether the line was only about it (not shown).</summary>
    private bool OnMonitorOnline(IReadOnlyList<string> p) =>
        _reclaiming is not null && p.Count >= 2 && p[^1].Split(',', StringSplitOptions.RemoveEmptyEntries).All(t => IsWanted(IrcSource.Parse(t).Nick));

    /// <summary>303 RPL_ISON: the answer to our own question is used, not shown; the user's own are shown.</summary>
    private bool OnIsonReply(IReadOnlyList<string> p)
    {
        if (_ownIsonAnswers == 0) return false;
        _ownIsonAnswers--;
        if (_reclaiming is not null && !p[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(IsWanted)) TryReclaim();
        return true;
    }

    /// <summary>Someone quit or changed nick: if it was the holder, the nick may be free now.</summary>
    private void OnHolderMaybeGone(string nick)
    {
        if (IsWanted(nick)) TryReclaim();
    }

    /// <summary>A nick refused during registration: one the server calls erroneous (432) will never be free.</summary>
    private void OnRegistrationNickRefused(int code, string refused)
    {
        if (code == 432 && State.Comparer.Equals(refused, Options.Nick)) _reclaimConsidered = true;
    }

    /// <summary>Whether a nick refused after registration was our try (kept quiet: we go on waiting, unless it is erroneous).</summary>
    private bool OnReclaimRefused(int code, string refused)
    {
        if (_reclaimTried is null || !State.Comparer.Equals(refused, _reclaimTried)) return false;
        _reclaimTried = null;
        if (code == 432)
        {
            StopReclaim(tellServer: true);
            return false;
        }
        // Free by MONITOR's word yet refused (a server's nick delay, services holding it): ask again later.
        PollForReclaim();
        return true;
    }

    /// <summary>Our nick changed: done when it is the one waited for.</summary>
    private void OnOwnNickChanged(string nick)
    {
        if (!IsWanted(nick)) return;
        _host.Status(Name, $"took back the nick {nick}", LineKind.Event);
        StopReclaim(tellServer: true);
    }

    /// <summary>The user chose a nick: stop waiting for the configured one.</summary>
    public void CancelReclaim() => StopReclaim(tellServer: IsRegistered);

    /// <summary>The session ended: the server forgot our MONITOR list, and the next one decides afresh.</summary>
    private void ResetReclaim()
    {
        StopReclaim(tellServer: false);
        _reclaimConsidered = false;
    }

    private void StopReclaim(bool tellServer)
    {
        if (_reclaiming is not null && _reclaimMonitored && tellServer) Send(new IrcMessage("MONITOR", "-", _reclaiming));
        _reclaimPoll?.Dispose();
        _reclaimPoll = null;
        _reclaiming = _reclaimTried = null;
        _reclaimMonitored = false;
        _ownIsonAnswers = 0;
    }
}
