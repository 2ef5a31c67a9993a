using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// The other user on the server: a plain TCP IRC client written for the tests, with no IRCv3 at all.
/// It registers, answers PING by itself, and keeps every line it received so tests can wait for one.
/// </summary>
public sealed class IrcPeer : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly List<string> _lines = [];
    private readonly Task _reader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _closedBecause;

    private IrcPeer(TcpClient client, Stream stream, string nick)
    {
        _client = client;
        _stream = stream;
        Nick = nick;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The nick it registered with.</summary>
    public string Nick { get; }

    /// <summary>Every line received so far, without CR LF.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    /// <summary>How many lines have arrived; pass it as <c>from</c> to wait only for later lines.</summary>
    public int LineCount
    {
        get { lock (_lines) return _lines.Count; }
    }

    /// <summary>Connects to the server's plain port and registers as <paramref name="nick"/> (waits for 001).</summary>
    public static async Task<IrcPeer> ConnectAsync(IIrcTestServer server, string nick)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        return await RegisterAsync(new IrcPeer(client, client.GetStream(), nick));
    }

    /// <summary>
    /// Connects over TLS to <paramref name="tlsPort"/>, presenting <paramref name="clientCertificate"/> (the
    /// server's own certificate is taken as it is), and registers as <paramref name="nick"/>.
    /// </summary>
    public static async Task<IrcPeer> ConnectTlsAsync(int tlsPort, string nick, X509Certificate2 clientCertificate)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, tlsPort);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = [clientCertificate],
        });
        return await RegisterAsync(new IrcPeer(client, tls, nick));
    }

    private static async Task<IrcPeer> RegisterAsync(IrcPeer peer)
    {
        await peer.SendAsync($"NICK {peer.Nick}");
        await peer.SendAsync($"USER {peer.Nick} 0 * :RustIrc test peer {peer.Nick}");
        await peer.WaitForAsync("001", what: "the server welcomed it (001)");
        return peer;
    }

    /// <summary>Sends one line; CR LF is added.</summary>
    public async Task SendAsync(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Joins <paramref name="channel"/> and waits for the end of its member list.</summary>
    public async Task JoinAsync(string channel)
    {
        var from = LineCount;
        await SendAsync($"JOIN {channel}");
        await WaitForAsync("366", l => SameName(l[1], channel), from: from, what: $"it joined {channel} (366 end of names)");
    }

    /// <summary>
    /// Waits for a line (received at index <paramref name="from"/> or later) that <paramref name="match"/>
    /// accepts and returns it; on timeout the test fails with the last lines received.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null, string? what = null, int from = 0)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var next = from;
        while (true)
        {
            Task changed;
            bool closed;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next])) return _lines[next];
                }
                changed = _changed.Task;
                closed = _closedBecause is not null;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || closed)
            {
                Assert.Fail(Describe($"saw no line where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s"));
            }
            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Waits for a line with <paramref name="command"/> (e.g. <c>PRIVMSG</c>, <c>001</c>) that <paramref name="match"/> accepts.</summary>
    public async Task<IrcLine> WaitForAsync(string command, Func<IrcLine, bool>? match = null, TimeSpan? timeout = null, string? what = null, int from = 0)
    {
        var raw = await WaitForLineAsync(
            raw => IrcLine.Parse(raw) is var line && line.Command == command && (match?.Invoke(line) ?? true),
            timeout, what ?? $"a {command} arrived", from);
        return IrcLine.Parse(raw);
    }

    /// <summary>Every received line with <paramref name="command"/>, parsed.</summary>
    public IReadOnlyList<IrcLine> Received(string command) =>
        Lines.Select(IrcLine.Parse).Where(l => l.Command == command).ToArray();

    /// <summary>IRC names compare case-insensitively (ASCII is enough for the names tests use).</summary>
    public static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private string Describe(string problem)
    {
        var lines = Lines;
        var closed = _closedBecause is null ? "" : $" Its connection closed: {_closedBecause}.";
        return $"Peer {Nick} {problem}.{closed} The last {Math.Min(lines.Count, 25)} of {lines.Count} lines it received:\n  " +
               string.Join("\n  ", lines.TakeLast(25));
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("PING", StringComparison.Ordinal))
                {
                    await SendAsync("PONG" + line[4..]);
                }
                Add(line);
            }
            Close("the server closed it");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            Close(ex.Message);
        }
    }

    private void Close(string why)
    {
        lock (_lines) _closedBecause = why;
        Signal();
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lines)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_closedBecause is null) await SendAsync("QUIT :test over");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
        await _stream.DisposeAsync();
        _client.Dispose();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }
        _writeLock.Dispose();
    }
}
