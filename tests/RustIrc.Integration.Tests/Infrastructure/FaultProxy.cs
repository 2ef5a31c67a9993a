using System.Net;
using System.Net.Sockets;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 between the client and a real server that injects faults on command:
/// latency, byte-at-a-time delivery, a freeze (sockets stay open, nothing moves), a cut (reset), a
/// half-close (FIN towards the client only), and bytes of its own in the server's stream. Every fault
/// applies to the connections open at the time; new connections are forwarded normally unless frozen.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<Link> _links = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _thawed = Open();

    private FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Starts a proxy that forwards to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static FaultProxy Start(int targetPort) => new(targetPort);

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections the proxy has accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>How long each chunk waits before it is passed on, both ways.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Whether the server's bytes reach the client one byte per write.</summary>
    public bool ByteAtATime { get; set; }

    /// <summary>Stops forwarding in both directions; the sockets stay open and what arrives is held, not lost.</summary>
    public void Freeze()
    {
        lock (_links)
        {
            if (_thawed.Task.IsCompleted) _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Forwards again, starting with what was held.</summary>
    public void Thaw()
    {
        lock (_links) _thawed.TrySetResult();
    }

    /// <summary>Resets every open connection (RST, no FIN): what a crashed server or a dropped route looks like.</summary>
    public void Cut()
    {
        foreach (var link in Live()) link.Reset();
    }

    /// <summary>Ends the stream towards the client (FIN) but keeps reading from it, on every open connection.</summary>
    public void HalfClose()
    {
        foreach (var link in Live()) link.ShutDownTowardsClient();
    }

    /// <summary>Writes <paramref name="bytes"/> to the client of every open connection, between two of the server's chunks.</summary>
    public async Task InjectAsync(byte[] bytes)
    {
        foreach (var link in Live()) await link.ToClientAsync(bytes, _stop.Token);
    }

    /// <summary>
    /// Sends the client bytes without a line end until the connection closes or <paramref name="cancellationToken"/>
    /// fires; the server's own lines wait behind it. Returns how many bytes went out.
    /// </summary>
    public async Task<long> SendEndlessLineAsync(CancellationToken cancellationToken)
    {
        var link = Live().LastOrDefault() ?? throw new InvalidOperationException("No connection is open through the proxy.");
        return await link.EndlessLineAsync(cancellationToken);
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private Link[] Live()
    {
        lock (_links) return _links.Where(l => !l.Closed).ToArray();
    }

    private Task WhenThawed()
    {
        lock (_links) return _thawed.Task;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The server is down: the client sees its connection refused, as it would without a proxy.
                server.Dispose();
                client.Close(0);
                continue;
            }
            client.NoDelay = true;
            var link = new Link(this, client, server);
            lock (_links)
            {
                _links.Add(link);
                Accepted++;
            }
            link.Start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Thaw();
        await _accepting;
        foreach (var link in Live()) link.Reset();
        Link[] all;
        lock (_links) all = _links.ToArray();
        foreach (var link in all) await link.Finished;
        _stop.Dispose();
    }

    /// <summary>One client connection and its connection to the server, with a pump each way.</summary>
    private sealed class Link(FaultProxy proxy, Socket client, Socket server)
    {
        private readonly SemaphoreSlim _toClient = new(1, 1);
        private int _closed;

        public bool Closed => Volatile.Read(ref _closed) != 0;

        public Task Finished { get; private set; } = Task.CompletedTask;

        public void Start()
        {
            Finished = RunAsync();
        }

        private async Task RunAsync()
        {
            await Task.WhenAll(Task.Run(ServerToClientAsync), Task.Run(ClientToServerAsync));
            Reset();
        }

        public async Task ToClientAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await _toClient.WaitAsync(cancellationToken);
            try
            {
                await client.SendAsync(bytes, cancellationToken);
            }
            finally
            {
                _toClient.Release();
            }
        }

        public async Task<long> EndlessLineAsync(CancellationToken cancellationToken)
        {
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'x');
            long sent = 0;
            await _toClient.WaitAsync(cancellationToken);
            try
            {
                while (!cancellationToken.IsCancellationRequested && !Closed)
                {
                    sent += await client.SendAsync(chunk, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up on the line, or the test has seen enough.
            }
            finally
            {
                _toClient.Release();
            }
            return sent;
        }

        public void Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            try
            {
                client.LingerState = new LingerOption(true, 0); // close with RST
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
            client.Dispose();
            server.Dispose();
        }

        public void ShutDownTowardsClient()
        {
            try
            {
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        private Task ServerToClientAsync() => PumpAsync(server, async chunk =>
        {
            if (!proxy.ByteAtATime)
            {
                await ToClientAsync(chunk, CancellationToken.None);
                return;
            }
            for (var i = 0; i < chunk.Length; i++) await ToClientAsync(chunk.Slice(i, 1), CancellationToken.None);
        }, ShutDownTowardsClient);

        private Task ClientToServerAsync() => PumpAsync(client, async chunk => await server.SendAsync(chunk), () => server.Shutdown(SocketShutdown.Send));

        /// <summary>Forwards what <paramref name="from"/> sends, held while frozen and delayed as set; its FIN is passed on by <paramref name="ended"/>.</summary>
        private async Task PumpAsync(Socket from, Func<ReadOnlyMemory<byte>, Task> forward, Action ended)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer);
                    if (read == 0)
                    {
                        ended();
                        return;
                    }
                    await proxy.WhenThawed();
                    if (proxy.Delay > TimeSpan.Zero) await Task.Delay(proxy.Delay);
                    await forward(buffer.AsMemory(0, read));
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
            Reset();
        }
    }
}
