using System.IO.Pipelines;

namespace RustIrc.Sdk.Testing;

/// <summary>
/// Both ends of a connection held in memory: what one end writes, the other reads. Disposing either
/// end ends the other's reading, as a closed socket would.
/// </summary>
internal sealed class MemoryConnection
{
    public MemoryConnection()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        Client = new End(toClient.Reader, toServer.Writer);
        Server = new End(toServer.Reader, toClient.Writer);
    }

    /// <summary>The end handed to the client's irc module.</summary>
    public End Client { get; }

    /// <summary>The end the in-memory server reads and writes.</summary>
    public End Server { get; }

    /// <summary>One end: a stream over the pipe it reads and the pipe it writes.</summary>
    internal sealed class End(PipeReader reader, PipeWriter writer) : Stream
    {
        private readonly Stream _in = reader.AsStream();
        private readonly Stream _out = writer.AsStream();
        private volatile bool _disposed;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        // A read pending when this end is disposed fails as a socket's would, not with the pipe's own error.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await _in.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidOperationException) when (_disposed)
            {
                throw new ObjectDisposedException(nameof(MemoryConnection), "the in-memory connection was closed");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => _out.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _out.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _out.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _out.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _out.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposed = true;
                // Completing our writer ends the other end's reads; completing our reader fails its writes.
                writer.Complete();
                reader.Complete();
            }
            base.Dispose(disposing);
        }
    }
}
