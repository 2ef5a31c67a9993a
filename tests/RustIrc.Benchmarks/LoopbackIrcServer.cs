using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RustIrc.Benchmarks;

/// <summary>
/// Just enough of an IRC server on 127.0.0.1 to measure a client receiving: it accepts one client,
/// registers it (an empty capability list, 001, ISUPPORT, end of MOTD), answers its PINGs, and sends
/// whatever bytes it is given.
/// </summary>
internal sealed class LoopbackIrcServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _writing = new();
    private Socket? _client;

    public LoopbackIrcServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Completes once the client was sent its welcome.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Sends bytes to the client, in full, before returning.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        var client = _client ?? throw new InvalidOperationException("No client is connected.");
        lock (_writing)
        {
            while (!bytes.IsEmpty) bytes = bytes[client.Send(bytes)..];
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
                }
                if (sawUser && nick != "*" && !_registered.Task.IsCompleted)
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
