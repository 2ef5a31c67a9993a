namespace RustIrc.Sdk.Irc;

/// <summary>
/// The byte limits of one IRC line. Servers cut or reject anything longer, so the codec refuses to parse it
/// rather than hand modules a message the server would never have sent as-is.
/// </summary>
public static class IrcLimits
{
    /// <summary>
    /// The most bytes the message body may take on the wire, counting the source, verb, parameters, the
    /// spaces between them and the closing CR LF (modern IRC). Without CR LF, 510 bytes are left.
    /// </summary>
    public const int MaxBodyBytes = 512;

    /// <summary>
    /// The most bytes the tags section may take: the leading <c>@</c>, the tags and the one space that ends
    /// them (IRCv3 message-tags).
    /// </summary>
    public const int MaxTagBytes = 8191;

    /// <summary>The longest line, tags and body together, CR LF included.</summary>
    public const int MaxLineBytes = MaxTagBytes + MaxBodyBytes;

    /// <summary>
    /// How many parameters a parsed line may carry. Modern IRC promises 15; lines with more are still
    /// accepted up to this count so that a chatty server does not lose messages.
    /// </summary>
    public const int MaxParameters = 32;
}
