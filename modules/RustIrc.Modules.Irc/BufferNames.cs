namespace RustIrc.Modules.Irc;

/// <summary>
/// How IRC buffers are named in the UI model: the network's server buffer is its name, a channel or a
/// private conversation is <c>network/#channel</c> or <c>network/nick</c>.
/// </summary>
internal static class BufferNames
{
    public static string Server(string network) => network;

    public static string Target(string network, string target) => network + "/" + target;

    /// <summary>Splits a buffer name into network and target (null for a server buffer or a non-IRC buffer).</summary>
    public static (string Network, string? Target) Parse(string buffer)
    {
        var slash = buffer.IndexOf('/');
        return slash < 0 ? (buffer, null) : (buffer[..slash], buffer[(slash + 1)..]);
    }
}
