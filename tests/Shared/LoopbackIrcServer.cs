using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RustIrc.Tests.Shared;

/// <summary>
/// Just enough of an IRC server on 127.0.0.1 to measure a client receiving: it accepts one client,
/// registers it (an empty capability list, 001, ISUPPORT, end of MOTD), answers its PINGs, and sends
/// whatever bytes it is given. <see cref="SyncAsync"/> pings the client and waits for its answer, which
/// comes only once the client has handled every line sent before.
/// </summary>
internal sealed class LoopbackIrcServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _pongs = new();
    private readonly Lock _writing = new();
    private Socket? _client;
    private long _received;

    public LoopbackIrcServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Completes once the client was sent its welcome.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Lines the client sent after registering (its PONGs and messages).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Sends bytes to the client, in full, before returning.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        var client = _client ?? throw new InvalidOperationException("No client is connected.");
        lock (_writing)
        {
            while (!bytes.IsEmpty) bytes = bytes[client.Send(bytes)..];
        }
    }

    /// <summary>Sends <c>PING :token</c> and waits for the client's PONG; fails after <paramref name="timeout"/>.</summary>
    public async Task SyncAsync(string token, TimeSpan timeout)
    {
        var pong = _pongs.GetOrAdd(token, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Send($"PING :{token}");
        try
        {
            await pong.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The client did not answer PING {token} within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _pongs.TryRemove(token, out _);
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _listener.Stop();
    }

    private async Task ServeAsync()
    {
        try
        {
            _client = await _listener.AcceptSocketAsync();
            using var reader = new StreamReader(new NetworkStream(_client, ownsSocket: false), Encoding.UTF8);
            var nick = "*";
            var sawUser = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                var words = line.Split(' ');
                switch (words[0])
                {
                    case "CAP" when words.Length > 1 && words[1] == "LS": Send($":bench.server CAP * LS :"); break;
                    case "NICK" when words.Length > 1: nick = words[1]; break;
                    case "USER": sawUser = true; break;
                    case "PING": Send($":bench.server PONG bench.server :{line[(line.IndexOf(' ') + 1)..].TrimStart(':')}"); break;
                    case "PONG" when _pongs.TryGetValue(words[^1].TrimStart(':'), out var pong): pong.TrySetResult(); break;
                }
                if (_registered.Task.IsCompleted)
                {
                    Interlocked.Increment(ref _received);
                }
                else if (sawUser && nick != "*")
                {
                    Send($":bench.server 001 {nick} :Welcome");
                    Send($":bench.server 005 {nick} CHANTYPES=# PREFIX=(ov)@+ STATUSMSG=@+ CASEMAPPING=rfc1459 :are supported by this server");
                    Send($":bench.server 376 {nick} :End of MOTD");
                    _registered.TrySetResult();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            _registered.TrySetException(ex);
        }
    }

    private void Send(string line) => Send(Encoding.UTF8.GetBytes(line + "\r\n"));
}
