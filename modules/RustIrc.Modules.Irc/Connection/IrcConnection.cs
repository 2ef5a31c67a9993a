using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Irc.Connection;

/// <summary>Opening a connection failed; the message says why in words a user understands, and what to do.</summary>
internal sealed class IrcConnectionException(string message, Exception? inner = null, bool worthRetrying = true) : Exception(message, inner)
{
    /// <summary>False when trying again cannot help until the user acts (a certificate that is refused).</summary>
    public bool WorthRetrying { get; } = worthRetrying;
}

/// <summary>
/// One TCP or TLS connection to an IRC server. A reader turns the byte stream into lines (however the
/// reads split them, even inside a UTF-8 sequence) and hands them over in batches; a writer sends queued
/// lines through flood control. Lines marked urgent (PONG, registration, QUIT) skip the flood queue.
/// </summary>
internal sealed class IrcConnection : IAsyncDisposable
{
    // The batches in flight to the loop, the one being read, and one more.
    private const int SpareBatches = 4;

    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly Channel<(string Line, bool Urgent)> _outgoing = Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TokenBucket _bucket;
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentQueue<List<IncomingLine>> _spareBatches = new();
    private Task _writer = Task.CompletedTask;

    private IrcConnection(Socket? socket, Stream stream, TokenBucket bucket, bool tls)
    {
        _socket = socket;
        _stream = stream;
        _bucket = bucket;
        IsTls = tls;
    }

    public bool IsTls { get; }

    /// <summary>
    /// Connects (and does the TLS handshake) with the options' security rules: over TCP, or through the
    /// host's <paramref name="transport"/> when it provides one (a test harness serving from memory).
    /// </summary>
    /// <exception cref="IrcConnectionException">Anything went wrong; the message is for the user.</exception>
    public static async Task<IrcConnection> OpenAsync(IrcNetworkOptions options, IIrcTransport? transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var where = $"{options.Host}:{options.EffectivePort}";
        // Loaded first, so a bad file is reported before anything is opened.
        var clientCertificate = options.Tls && options.ClientCertificate is { } certificatePath ? LoadClientCertificate(certificatePath) : null;
        Socket? socket = null;
        Stream stream;
        try
        {
            if (transport is not null)
            {
                stream = await transport.ConnectAsync(options.Host, options.EffectivePort, deadline.Token);
            }
            else
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(options.Host, options.EffectivePort, deadline.Token);
                stream = new NetworkStream(socket, ownsSocket: false);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or PermissionDeniedException)
        {
            socket?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new IrcConnectionException(ex is OperationCanceledException
                ? $"could not connect to {where}: no answer within {timeout.TotalSeconds:0} s"
                : $"could not connect to {where}: {ex.Message}", ex);
        }

        if (options.Tls)
        {
            string? rejection = null;
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, errors) =>
            {
                var fingerprint = certificate is null ? "(none)" : Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
                // A pin trusts exactly one certificate, even one a public authority signed.
                if (options.CertificateFingerprint is { } pin)
                {
                    if (certificate is not null && FingerprintMatches(certificate, pin)) return true;
                    rejection = $"the TLS certificate of {where} is not the pinned one: it has fingerprint {fingerprint}, but certificateFingerprint is {pin}. " +
                                $"Someone may be intercepting the connection, or the server has a new certificate. Not reconnecting by itself: once you have checked " +
                                $"the new fingerprint with the server's operators, pin it (certificateFingerprint {fingerprint}, or /connect --fingerprint {fingerprint}).";
                    return false;
                }
                if (errors == SslPolicyErrors.None || options.AcceptInvalidCertificate) return true;
                rejection = $"the TLS certificate of {where} is not valid ({errors}). If you trust this server, pin it with certificateFingerprint {fingerprint} (or /connect --fingerprint {fingerprint}), or turn checking off with acceptInvalidCertificate (/connect --insecure).";
                return false;
            });
            try
            {
                var authentication = new SslClientAuthenticationOptions
                {
                    TargetHost = options.Host,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                };
                await ssl.AuthenticateAsClientAsync(authentication, deadline.Token);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or CryptographicException)
            {
                await ssl.DisposeAsync();
                socket?.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw rejection is not null
                    ? new IrcConnectionException(rejection, ex, worthRetrying: false)
                    : new IrcConnectionException((ex is OperationCanceledException ? $"no TLS handshake with {where} within {timeout.TotalSeconds:0} s" : $"TLS handshake with {where} failed ({ex.Message})") +
                                                 $". Is {options.EffectivePort} the server's TLS port? For a plain-text port, connect without TLS (tls false, or no --tls).", ex);
            }
            stream = ssl;
        }

        var connection = new IrcConnection(socket, stream, new TokenBucket(options.FloodBurst, options.FloodRate), options.Tls);
        connection._writer = connection.WriteLoopAsync();
        return connection;
    }

    /// <summary>Queues a line (without CR LF). Safe from any thread; ignored once the connection is closing.</summary>
    public void Send(string line, bool urgent) => _outgoing.Writer.TryWrite((line, urgent));

    /// <summary>
    /// Reads lines until the server closes the connection or <paramref name="cancellationToken"/> fires.
    /// Each read's complete lines go to <paramref name="onBatch"/>; the next read waits for its task, which
    /// is how a slow consumer slows the reader down instead of buffering without bound. A consumer done
    /// with a batch may hand it back with <see cref="Recycle"/>.
    /// </summary>
    /// <returns>Why reading stopped, for the user.</returns>
    public async Task<string> ReadLinesAsync(Func<List<IncomingLine>, ValueTask> onBatch, Func<bool> wantRaw, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, minimumReadSize: 1 << 14, leaveOpen: true));
        // Room for the longest line AddLine copies to parse (MaxLineBytes and a CR) when it spans two buffers.
        var scratch = new byte[IrcLimits.MaxLineBytes + 1];
        var strings = new IrcStringPool();
        var skippingOversize = false;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return "connection closed";
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    return $"connection lost: {ex.Message}";
                }

                var batch = _spareBatches.TryDequeue(out var spare) ? spare : new List<IncomingLine>();
                var raw = wantRaw();
                var sequence = new SequenceReader<byte>(result.Buffer);
                while (sequence.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                {
                    if (skippingOversize)
                    {
                        skippingOversize = false; // the rest of an oversize line ends here
                        continue;
                    }
                    AddLine(line, scratch, strings, raw, batch);
                }
                var rest = result.Buffer.Slice(sequence.Position);
                if (rest.Length > IrcLimits.MaxLineBytes + 2 && !skippingOversize)
                {
                    // No line end within the limit: report once, drop bytes until the next LF.
                    batch.Add(IncomingLine.Rejected(IrcParseError.BodyTooLong, Preview(rest)));
                    skippingOversize = true;
                }
                if (skippingOversize) rest = rest.Slice(rest.End);
                reader.AdvanceTo(rest.Start, rest.End);

                if (batch.Count > 0) await onBatch(batch);
                else Recycle(batch);
                if (result.IsCompleted)
                {
                    if (rest.Length > 0 && !skippingOversize)
                    {
                        await onBatch([IncomingLine.Rejected(IrcParseError.Empty, "the server closed the connection in the middle of a line: " + Preview(rest))]);
                    }
                    return "the server closed the connection";
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Takes back a batch its consumer is done with, for the reader to fill again (any thread).</summary>
    public void Recycle(List<IncomingLine> batch)
    {
        batch.Clear();
        if (_spareBatches.Count < SpareBatches) _spareBatches.Enqueue(batch);
    }

    /// <summary>Sends what is queued (up to <paramref name="timeout"/>), then closes the connection.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(timeout);
        }
        catch (Exception)
        {
            // A writer that cannot finish in time (or failed) is abandoned; the socket closes below.
        }
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        if (!_closing.IsCancellationRequested) await _closing.CancelAsync();
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        await _stream.DisposeAsync();
        _socket?.Dispose();
    }

    private static void AddLine(ReadOnlySequence<byte> line, byte[] scratch, IrcStringPool strings, bool raw, List<IncomingLine> batch)
    {
        if (line.Length > IrcLimits.MaxLineBytes + 1)
        {
            batch.Add(IncomingLine.Rejected(IrcParseError.BodyTooLong, Preview(line)));
            return;
        }
        ReadOnlySpan<byte> span;
        if (line.IsSingleSegment)
        {
            span = line.FirstSpan;
        }
        else
        {
            line.CopyTo(scratch);
            span = scratch.AsSpan(0, (int)line.Length);
        }
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        if (span.IsEmpty) return;

        var error = IrcLineView.TryParse(span, out var view);
        if (error != IrcParseError.None)
        {
            batch.Add(IncomingLine.Rejected(error, Preview(span)));
            return;
        }
        batch.Add(IncomingLine.Parsed(view.ToMessage(strings), raw ? IrcText.Decode(span) : null));
    }

    private static string Preview(ReadOnlySequence<byte> bytes) => Preview(bytes.Slice(0, Math.Min(bytes.Length, 120)).ToArray());

    private static string Preview(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 120 ? IrcText.Decode(bytes) : $"{IrcText.Decode(bytes[..120])}… ({bytes.Length} bytes)";

    private async Task WriteLoopAsync()
    {
        var writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        var urgent = new Queue<string>();
        var normal = new Queue<string>();
        var token = _closing.Token;
        try
        {
            while (true)
            {
                while (_outgoing.Reader.TryRead(out var item)) (item.Urgent ? urgent : normal).Enqueue(item.Line);
                var wrote = false;
                while (urgent.TryDequeue(out var line))
                {
                    Write(writer, line);
                    wrote = true;
                }
                TimeSpan wait = default;
                while (normal.Count > 0 && (wait = _bucket.TryTake()) == TimeSpan.Zero)
                {
                    Write(writer, normal.Dequeue());
                    wrote = true;
                }
                if (wrote)
                {
                    var flushed = await writer.FlushAsync(token);
                    if (flushed.IsCompleted) return;
                    continue;
                }
                if (normal.Count > 0)
                {
                    // Flood control: wait for the next token, or for an urgent line.
                    var more = _outgoing.Reader.WaitToReadAsync(token).AsTask();
                    await Task.WhenAny(more, Task.Delay(wait, token));
                    if (more.IsCompletedSuccessfully && !more.Result)
                    {
                        // Closing: what is queued still goes, without waiting for flood control.
                        while (normal.TryDequeue(out var line)) Write(writer, line);
                        await writer.FlushAsync(token);
                        return;
                    }
                    continue;
                }
                if (!await _outgoing.Reader.WaitToReadAsync(token)) return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The connection is going away; the reader reports why.
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }

    private static void Write(PipeWriter writer, string line)
    {
        var length = Encoding.UTF8.GetByteCount(line) + 2;
        var span = writer.GetSpan(length);
        var written = Encoding.UTF8.GetBytes(line, span);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        writer.Advance(written + 2);
    }

    private static bool FingerprintMatches(X509Certificate certificate, string pin)
    {
        var wanted = pin.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
    }

    private static X509Certificate2 LoadClientCertificate(string path)
    {
        try
        {
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, null);
            }
            // A PEM pair is re-imported as PKCS#12 so the TLS stack on Linux can use its private key.
            using var pem = X509Certificate2.CreateFromPemFile(path);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new IrcConnectionException($"the client certificate {path} could not be loaded: {ex.Message} (it must be a PEM file with the certificate and its key, or a .pfx/.p12)", ex);
        }
    }
}
