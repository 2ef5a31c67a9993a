using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RustIrc.Sdk.Testing;

namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>A line the fake server received, without CR LF, and when (since the server started).</summary>
internal sealed record ReceivedLine(string Text, TimeSpan At);

/// <summary>
/// A scripted IRC server in this process on 127.0.0.1 with an ephemeral port. It accepts one client,
/// records every line that client sends, registers it by a small script (<see cref="FakeServerOptions"/>)
/// and lets a test put any bytes on the wire: whole lines, one byte at a time, invalid UTF-8, a line
/// cut off by closing the connection. Later connection attempts are refused, so a client that
/// reconnects cannot silently get a second session.
/// </summary>
internal sealed class FakeIrcServer : IAsyncDisposable
{
    public const string ServerName = "fake.server";
    public const string UserHost = "user@fake.host";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly FakeServerOptions _options;
    private readonly TcpListener _listener;
    private readonly TaskCompletionSource<Socket> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Recording<ReceivedLine> _lines = new();
    private readonly Lock _state = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _clientGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _acknowledged = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _session;
    private int _nicksToRefuse;
    private bool _capLsSeen;
    private bool _capEnded;
    private bool _userSeen;
    private bool _registered;
    private string? _saslMechanism;
    private string _nick = "*";

    private FakeIrcServer(FakeServerOptions options)
    {
        _options = options;
        _nicksToRefuse = options.RefusedNicks;
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _session = Task.Run(RunAsync);
    }

    public int Port { get; }

    /// <summary>Time since the server started, on the clock of <see cref="ReceivedLine.At"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The nick the server accepted for the client ("*" before NICK was accepted).</summary>
    public string Nick
    {
        get { lock (_state) return _nick; }
    }

    /// <summary>The client's full source as the server shows it: <c>nick!user@fake.host</c>.</summary>
    public string ClientSource => $"{Nick}!{UserHost}";

    /// <summary>Every line received so far, in order.</summary>
    public IReadOnlyList<ReceivedLine> Lines => _lines.Items;

    /// <summary>How many lines were received; pass it as <c>from</c> to wait only for later ones.</summary>
    public int LineCount => _lines.Count;

    /// <summary>Completes when the client has closed its side of the connection.</summary>
    public Task ClientGone => _clientGone.Task;

    public static FakeIrcServer Start(FakeServerOptions? options = null) => new(options ?? new FakeServerOptions());

    /// <summary>Waits for a received line (at index <paramref name="from"/> or later) that <paramref name="match"/> accepts.</summary>
    public async Task<ReceivedLine> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null, int from = 0, string? what = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var (found, line) = await _lines.WaitForAsync(l => match(l.Text), from, limit);
        return found ? line : throw new Xunit.Sdk.XunitException($"The fake server received no line where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s. It received:\n{Transcript()}");
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/> (ordinal).</summary>
    public Task<ReceivedLine> WaitForLineAsync(string prefix, TimeSpan? timeout = null, int from = 0) =>
        WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), timeout, from, $"the line starts with \"{prefix}\"");

    /// <summary>The received lines that <paramref name="match"/> accepts.</summary>
    public IReadOnlyList<ReceivedLine> LinesWhere(Func<string, bool> match) => Lines.Where(l => match(l.Text)).ToArray();

    /// <summary>Sends lines, each followed by CR LF, in one write.</summary>
    public Task SendAsync(params string[] lines) => SendBytesAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n"))));

    /// <summary>Sends bytes exactly as given, in one write, and flushes.</summary>
    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        var socket = await ClientAsync();
        await _writing.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Sends bytes in pieces of <paramref name="pieceSize"/>, one write each, pausing <paramref name="pause"/> between writes.</summary>
    public async Task SendInPiecesAsync(ReadOnlyMemory<byte> bytes, int pieceSize = 1, TimeSpan pause = default)
    {
        for (var at = 0; at < bytes.Length; at += pieceSize)
        {
            await SendBytesAsync(bytes.Slice(at, Math.Min(pieceSize, bytes.Length - at)));
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
    }

    /// <summary>Closes the connection cleanly (FIN), whatever was sent before; the client sees the end of the stream.</summary>
    public async Task CloseClientAsync()
    {
        var socket = await ClientAsync();
        await _writing.WaitAsync();
        try
        {
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Everything received, one line each, for failure messages.</summary>
    public string Transcript()
    {
        var lines = Lines;
        return lines.Count == 0
            ? "  (nothing)"
            : string.Join("\n", lines.TakeLast(60).Select(l => $"  {l.At.TotalMilliseconds,7:0} ms  {l.Text}"));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _accepted.TrySetCanceled();
        if (_accepted.Task.IsCompletedSuccessfully) _accepted.Task.Result.Dispose();
        try
        {
            await _session.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _writing.Dispose();
    }

    private async Task<Socket> ClientAsync()
    {
        try
        {
            return await _accepted.Task.WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No client connected to the fake server on port {Port} within {DefaultTimeout.TotalSeconds:0} s.");
            throw;
        }
    }

    private async Task RunAsync()
    {
        Socket socket;
        try
        {
            socket = await _listener.AcceptSocketAsync();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return;
        }
        _listener.Stop(); // one client only: a reconnect is refused
        socket.NoDelay = true; // every write of a test goes out as its own segment
        _accepted.TrySetResult(socket);
        try
        {
            await ReadAsync(socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            _clientGone.TrySetResult();
        }
    }

    private async Task ReadAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
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
                _lines.Add(new ReceivedLine(line, _clock.Elapsed));
                await AnswerAsync(line);
            }
            pending.AddRange(buffer.AsSpan(start, read - start));
        }
    }

    /// <summary>The registration script: CAP, SASL, NICK/USER, and the few commands a registered client needs answered.</summary>
    private async Task AnswerAsync(string line)
    {
        var words = line.Split(' ', 3);
        var verb = words[0].ToUpperInvariant();
        var argument = words.Length > 1 ? words[1] : "";
        var trailing = line.Contains(" :", StringComparison.Ordinal) ? line[(line.IndexOf(" :", StringComparison.Ordinal) + 2)..] : words.Length > 1 ? words[^1] : "";
        switch (verb)
        {
            case "CAP":
                await OnCapAsync(argument.ToUpperInvariant(), trailing);
                break;
            case "NICK":
                await OnNickAsync(argument.TrimStart(':'));
                break;
            case "USER":
                _userSeen = true;
                await RegisterWhenReadyAsync();
                break;
            case "AUTHENTICATE":
                await OnAuthenticateAsync(argument);
                break;
            case "PING":
                await SendAsync($":{ServerName} PONG {ServerName} :{trailing}");
                break;
            case "PRIVMSG" or "NOTICE" when _acknowledged.Contains("echo-message"):
                await SendAsync($":{ClientSource} {line}");
                break;
            case "QUIT":
                await SendAsync($"ERROR :Closing link: ({UserHost}) [Quit: {trailing}]");
                await CloseClientAsync();
                break;
        }
    }

    private async Task OnCapAsync(string subcommand, string arguments)
    {
        switch (subcommand)
        {
            case "LS":
                _capLsSeen = true;
                if (!_options.AnswerCap) return;
                if (_options.CapabilityLines is { } chunks)
                {
                    for (var i = 0; i < chunks.Count; i++)
                    {
                        await SendAsync(i < chunks.Count - 1 ? $":{ServerName} CAP {Nick} LS * :{chunks[i]}" : $":{ServerName} CAP {Nick} LS :{chunks[i]}");
                    }
                }
                else
                {
                    await SendAsync($":{ServerName} CAP {Nick} LS :{_options.Capabilities}");
                }
                break;
            case "REQ":
                foreach (var name in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _acknowledged.Add(name.TrimStart('-'));
                await SendAsync($":{ServerName} CAP {Nick} ACK :{arguments}");
                break;
            case "END":
                _capEnded = true;
                await RegisterWhenReadyAsync();
                break;
        }
    }

    private async Task OnNickAsync(string nick)
    {
        if (_options.HeldNicks.Contains(nick, StringComparer.OrdinalIgnoreCase))
        {
            await SendAsync($":{ServerName} 433 {Nick} {nick} :Nickname is already in use.");
            return;
        }
        if (_registered)
        {
            var old = ClientSource;
            lock (_state) _nick = nick;
            await SendAsync($":{old} NICK :{nick}");
            return;
        }
        if (_nicksToRefuse > 0)
        {
            _nicksToRefuse--;
            await SendAsync($":{ServerName} {_options.NickRefusal} {Nick} {nick} :{(_options.NickRefusal == 433 ? "Nickname is already in use." : "Erroneous Nickname")}");
            return;
        }
        lock (_state) _nick = nick;
        await RegisterWhenReadyAsync();
    }

    private async Task OnAuthenticateAsync(string argument)
    {
        if (_saslMechanism is null)
        {
            _saslMechanism = argument.ToUpperInvariant();
            await SendAsync("AUTHENTICATE +");
            return;
        }
        var mechanism = _saslMechanism;
        _saslMechanism = null;
        string? account = null;
        if (mechanism == "EXTERNAL" && argument == "+")
        {
            account = _options.ExternalAccount;
        }
        else if (mechanism == "PLAIN")
        {
            var credentials = TryDecodeBase64(argument);
            if (credentials == _options.SaslPlainCredentials) account = credentials.Split('\0')[1];
        }
        if (account is null)
        {
            await SendAsync($":{ServerName} 904 {Nick} :SASL authentication failed");
            return;
        }
        await SendAsync(
            $":{ServerName} 900 {Nick} {ClientSource} {account} :You are now logged in as {account}",
            $":{ServerName} 903 {Nick} :SASL authentication successful");
    }

    private async Task RegisterWhenReadyAsync()
    {
        if (_registered || Nick == "*" || !_userSeen || (_capLsSeen && !_capEnded)) return;
        _registered = true;
        var nick = Nick;
        var lines = new List<string>
        {
            $":{ServerName} 001 {nick} :Welcome to the fake network {nick}!{UserHost}",
            $":{ServerName} 002 {nick} :Your host is {ServerName}",
            $":{ServerName} 003 {nick} :This server was created for a test",
            $":{ServerName} 004 {nick} {ServerName} fake-1.0 iosw bIeiklmnopstv",
        };
        foreach (var chunk in _options.ISupport.Chunk(12))
        {
            lines.Add($":{ServerName} 005 {nick} {string.Join(' ', chunk)} :are supported by this server");
        }
        lines.Add($":{ServerName} 376 {nick} :End of /MOTD command.");
        await SendAsync([.. lines]);
    }

    private static string? TryDecodeBase64(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
