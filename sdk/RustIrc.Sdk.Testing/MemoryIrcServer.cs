using System.Text;
using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Testing;

/// <summary>
/// An IRC server in memory, for tests: the client under test connects to it through the
/// <see cref="IIrcTransport"/> the test host provides, whatever host name it was given. It registers
/// the client (CAP, NICK, USER, a welcome with ISUPPORT), answers PING, echoes the client's JOIN, PART
/// and NICK as a server does, records every line the client sends, and lets the test send any line.
/// One client at a time: a new connection replaces the previous one.
/// </summary>
public sealed class MemoryIrcServer : IIrcTransport
{
    /// <summary>The server's name, the source of its numerics.</summary>
    public const string ServerName = "irc.test";

    /// <summary>The network name the server announces (<c>NETWORK=</c>).</summary>
    public const string NetworkName = "TestNet";

    /// <summary>User and host of every nick the server names, the client's too: <c>nick!user@users.test</c>.</summary>
    public const string UserHost = "user@users.test";

    private readonly Recording<string> _received = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _capabilities;
    private readonly HashSet<string> _acknowledged = new(StringComparer.OrdinalIgnoreCase);
    private MemoryConnection.End? _client;
    private TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _nick = "*";
    private bool _userSeen;
    private bool _capNegotiating;
    private int _pings;

    /// <summary>A server offering <paramref name="capabilities"/> (IRCv3 names such as <c>server-time</c>) in CAP LS.</summary>
    public MemoryIrcServer(IEnumerable<string>? capabilities = null) => _capabilities = capabilities?.ToArray() ?? [];

    /// <summary>The nick the server knows the client by ("*" before registration).</summary>
    public string Nick
    {
        get { lock (_gate) return _nick; }
    }

    /// <summary>The client's full source, as the server shows it in lines about the client.</summary>
    public string ClientSource => $"{Nick}!{UserHost}";

    /// <summary>Every line the client sent, without CR LF, in order (registration included).</summary>
    public IReadOnlyList<string> Received => _received.Items;

    /// <summary>How many lines the client sent so far; pass it as <c>from</c> to wait only for later ones.</summary>
    public int ReceivedCount => _received.Count;

    /// <summary>The PRIVMSGs the client sent, as (target, text), in order.</summary>
    public IReadOnlyList<(string Target, string Text)> Messages => Received
        .Select(Parse).Where(m => m is { Verb: "PRIVMSG", Parameters.Count: 2 })
        .Select(m => (m!.Parameters[0], m.Parameters[1])).ToArray();

    /// <summary>Completes when the client has registered (the welcome was sent).</summary>
    public Task Registered
    {
        get { lock (_gate) return _registered.Task; }
    }

    /// <inheritdoc />
    public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var connection = new MemoryConnection();
        MemoryConnection.End? previous;
        lock (_gate)
        {
            previous = _client;
            _client = connection.Server;
            _nick = "*";
            _userSeen = false;
            _capNegotiating = false;
            _acknowledged.Clear();
            if (_registered.Task.IsCompleted) _registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous?.Dispose();
        _ = Task.Run(() => ServeAsync(connection.Server));
        return ValueTask.FromResult<Stream>(connection.Client);
    }

    /// <summary>Sends lines to the client as the server (each without CR LF; they are added).</summary>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public async Task SendAsync(params string[] lines)
    {
        MemoryConnection.End client;
        lock (_gate) client = _client ?? throw new InvalidOperationException("No client is connected to the in-memory server.");
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));
        await _writing.WaitAsync();
        try
        {
            await client.WriteAsync(bytes);
            await client.FlushAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Sends a PRIVMSG from <paramref name="nick"/> to <paramref name="target"/> (a channel, or the client's nick).</summary>
    public Task PrivmsgAsync(string nick, string target, string text) => SendAsync($":{nick}!{UserHost} PRIVMSG {target} :{text}");

    /// <summary>Sends a NOTICE from <paramref name="nick"/> to <paramref name="target"/>.</summary>
    public Task NoticeAsync(string nick, string target, string text) => SendAsync($":{nick}!{UserHost} NOTICE {target} :{text}");

    /// <summary>Tells the client that <paramref name="nick"/> joined <paramref name="channel"/>.</summary>
    public Task JoinAsync(string nick, string channel) => SendAsync($":{nick}!{UserHost} JOIN {channel}");

    /// <summary>Tells the client that <paramref name="nick"/> left <paramref name="channel"/>.</summary>
    public Task PartAsync(string nick, string channel, string reason = "") =>
        SendAsync($":{nick}!{UserHost} PART {channel}" + (reason.Length > 0 ? $" :{reason}" : ""));

    /// <summary>Tells the client that <paramref name="nick"/> quit.</summary>
    public Task QuitAsync(string nick, string reason = "Quit") => SendAsync($":{nick}!{UserHost} QUIT :{reason}");

    /// <summary>Puts the client into <paramref name="channel"/> as if it had joined, with <paramref name="others"/> already there.</summary>
    public Task ForceJoinAsync(string channel, params string[] others) => SendAsync(
        $":{ClientSource} JOIN {channel}",
        $":{ServerName} 353 {Nick} = {channel} :{string.Join(' ', others.Prepend("@" + Nick))}",
        $":{ServerName} 366 {Nick} {channel} :End of /NAMES list.");

    /// <summary>
    /// Waits for a line from the client that <paramref name="match"/> accepts, at index <paramref name="from"/>
    /// of <see cref="Received"/> or later.
    /// </summary>
    /// <exception cref="TimeoutException">None came in time; the message lists the last lines the client sent.</exception>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, int from = 0, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? PluginTestHost.DefaultTimeout;
        var (found, line) = await _received.WaitForAsync(match, from, limit);
        if (found) return line;
        throw new TimeoutException($"The client sent no line where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s. It sent:\n  "
            + string.Join("\n  ", Received.Skip(from).TakeLast(30)));
    }

    /// <summary>Waits for a line from the client that starts with <paramref name="prefix"/> (ordinal).</summary>
    public Task<string> WaitForLineStartingAsync(string prefix, int from = 0, TimeSpan? timeout = null) =>
        WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), from, timeout, $"it starts with \"{prefix}\"");

    /// <summary>
    /// Waits until the client has handled every line sent to it so far (it answers a PING once the lines
    /// before it have gone through its event handlers).
    /// </summary>
    public async Task SyncAsync(TimeSpan? timeout = null)
    {
        var token = $"sync-{Interlocked.Increment(ref _pings)}";
        var from = ReceivedCount;
        await SendAsync($"PING :{token}");
        await WaitForLineAsync(l => Parse(l) is { Verb: "PONG" } pong && pong.Parameters[^1] == token, from, timeout, $"it answers PING {token}");
    }

    /// <summary>Closes the client's connection, as a server that went away.</summary>
    public void Disconnect()
    {
        MemoryConnection.End? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }
        client?.Dispose();
    }

    private async Task ServeAsync(MemoryConnection.End connection)
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await connection.ReadAsync(buffer);
                if (read == 0) return;
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    start = i + 1;
                    if (pending.Count > 0 && pending[^1] == (byte)'\r') pending.RemoveAt(pending.Count - 1);
                    var line = Encoding.UTF8.GetString(pending.ToArray());
                    pending.Clear();
                    if (!IsCurrent(connection)) return;
                    _received.Add(line);
                    await AnswerAsync(line);
                }
                pending.AddRange(buffer.AsSpan(start, read - start));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away or was replaced.
        }
    }

    private bool IsCurrent(MemoryConnection.End connection)
    {
        lock (_gate) return ReferenceEquals(_client, connection);
    }

    /// <summary>What a server does with the few commands a client needs answered.</summary>
    private async Task AnswerAsync(string line)
    {
        if (Parse(line) is not { } message) return;
        var p = message.Parameters;
        switch (message.Verb)
        {
            case "CAP" when p.Count >= 1:
                await OnCapAsync(p[0].ToUpperInvariant(), p.Count > 1 ? p[^1] : "");
                break;
            case "NICK" when p.Count >= 1:
                await OnNickAsync(p[0]);
                break;
            case "USER":
                _userSeen = true;
                await RegisterWhenReadyAsync();
                break;
            case "PING" when p.Count >= 1:
                await SendAsync($":{ServerName} PONG {ServerName} :{p[^1]}");
                break;
            case "JOIN" when p.Count >= 1:
                foreach (var channel in p[0].Split(',', StringSplitOptions.RemoveEmptyEntries)) await ForceJoinAsync(channel);
                break;
            case "PART" when p.Count >= 1:
                foreach (var channel in p[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    await SendAsync($":{ClientSource} PART {channel}" + (p.Count > 1 ? $" :{p[1]}" : ""));
                }
                break;
            case "PRIVMSG" or "NOTICE" when Acknowledged("echo-message") && p.Count >= 2:
                await SendAsync($":{ClientSource} {message.Verb} {p[0]} :{p[1]}");
                break;
            case "QUIT":
                await SendAsync($"ERROR :Closing link: ({UserHost}) [Quit: {(p.Count > 0 ? p[0] : "")}]");
                Disconnect();
                break;
        }
    }

    private bool Acknowledged(string capability)
    {
        lock (_gate) return _acknowledged.Contains(capability);
    }

    private async Task OnCapAsync(string subcommand, string arguments)
    {
        switch (subcommand)
        {
            case "LS":
                _capNegotiating = true;
                await SendAsync($":{ServerName} CAP {Nick} LS :{string.Join(' ', _capabilities)}");
                break;
            case "REQ":
                var wanted = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (wanted.All(w => _capabilities.Contains(w.TrimStart('-'), StringComparer.OrdinalIgnoreCase)))
                {
                    lock (_gate)
                    {
                        foreach (var name in wanted) _acknowledged.Add(name.TrimStart('-'));
                    }
                    await SendAsync($":{ServerName} CAP {Nick} ACK :{arguments}");
                }
                else
                {
                    await SendAsync($":{ServerName} CAP {Nick} NAK :{arguments}");
                }
                break;
            case "END":
                _capNegotiating = false;
                await RegisterWhenReadyAsync();
                break;
        }
    }

    private async Task OnNickAsync(string nick)
    {
        string old;
        bool registered;
        lock (_gate)
        {
            old = $"{_nick}!{UserHost}";
            _nick = nick;
            registered = _registered.Task.IsCompleted;
        }
        if (registered) await SendAsync($":{old} NICK :{nick}");
        else await RegisterWhenReadyAsync();
    }

    private async Task RegisterWhenReadyAsync()
    {
        TaskCompletionSource registered;
        lock (_gate)
        {
            if (_registered.Task.IsCompleted || _nick == "*" || !_userSeen || _capNegotiating) return;
            registered = _registered;
        }
        var nick = Nick;
        await SendAsync(
            $":{ServerName} 001 {nick} :Welcome to the {NetworkName} test network {nick}!{UserHost}",
            $":{ServerName} 002 {nick} :Your host is {ServerName}",
            $":{ServerName} 003 {nick} :This server was made for a test",
            $":{ServerName} 004 {nick} {ServerName} memory-1 iosw bIeiklmnopstv",
            $":{ServerName} 005 {nick} CASEMAPPING=rfc1459 CHANTYPES=# PREFIX=(ov)@+ CHANMODES=beI,k,l,imnpst NETWORK={NetworkName} :are supported by this server",
            $":{ServerName} 376 {nick} :End of /MOTD command.");
        registered.TrySetResult();
    }

    private static IrcMessage? Parse(string line) => IrcMessage.TryParse(line, out var message, out _) ? message : null;
}
