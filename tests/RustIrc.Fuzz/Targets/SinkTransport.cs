using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>A server that takes every line and never says anything: the lines under test are dispatched directly.</summary>
internal sealed class SinkTransport : IIrcTransport
{
    public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(new SinkStream());

    private sealed class SinkStream : ServerStream
    {
        private readonly CancellationTokenSource _closed = new();

        // A read waits until the connection is closed: the reader must not see the server hang up.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            await Task.Delay(Timeout.Infinite, both.Token);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            _closed.Cancel();
            base.Dispose(disposing);
        }
    }
}
