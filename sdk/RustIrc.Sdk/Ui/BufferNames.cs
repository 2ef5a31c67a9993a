namespace RustIrc.Sdk.Ui;

/// <summary>
/// How IRC buffers are named in the UI model, the one rule every module follows: a network's server
/// buffer is its name; a channel or a private conversation is <c>network/#channel</c> or <c>network/nick</c>.
/// Other buffers (<see cref="IUiModel.StatusBuffer"/>) have no slash.
/// </summary>
public static class BufferNames
{
    /// <summary>The server buffer of <paramref name="network"/>.</summary>
    public static string Server(string network) => network;

    /// <summary>The buffer of a channel or a conversation with a nick on <paramref name="network"/>.</summary>
    public static string Target(string network, string target) => network + "/" + target;

    /// <summary>Splits a buffer name into network and target (null for a server buffer or a non-IRC buffer).</summary>
    public static (string Network, string? Target) Parse(string buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var slash = buffer.IndexOf('/');
        return slash < 0 ? (buffer, null) : (buffer[..slash], buffer[(slash + 1)..]);
    }
}
