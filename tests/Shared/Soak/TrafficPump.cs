using System.Diagnostics;

namespace RustIrc.Tests.Shared.Soak;

/// <summary>
/// Sends <see cref="MixedTraffic"/> at a steady rate from a thread of its own: every 10 ms, the lines due
/// by then. A client that falls behind holds up the socket, and the lines owed go out when it frees.
/// </summary>
internal sealed class TrafficPump : IDisposable
{
    private readonly SoakClient _client;
    private readonly int _rate;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private Exception? _failure;

    public TrafficPump(SoakClient client, int rate)
    {
        _client = client;
        _rate = rate;
        _thread = new Thread(Run) { IsBackground = true, Name = "soak traffic" };
        _thread.Start();
    }

    /// <summary>The longest the pump was behind its schedule, in lines.</summary>
    public long MaxBehind { get; private set; }

    /// <summary>Stops sending and returns once the last batch is out; throws what stopped the pump, if anything did.</summary>
    public void Stop()
    {
        _stopping = true;
        _thread.Join();
        if (_failure is { } failure) throw new InvalidOperationException($"the traffic pump failed: {failure.Message}", failure);
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Run()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var sent = 0L;
            while (!_stopping)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * _rate);
                if (due - sent > MaxBehind) MaxBehind = due - sent;
                // At most a second's worth at once, so that one batch stays small after a stall.
                var batch = (int)Math.Min(due - sent, _rate);
                if (batch > 0)
                {
                    _client.Server.Send(_client.Traffic.Next(batch));
                    sent += batch;
                }
                Thread.Sleep(10);
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
    }
}
