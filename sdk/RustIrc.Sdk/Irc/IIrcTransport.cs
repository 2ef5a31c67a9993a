using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Opens the byte stream to an IRC server. The client provides none by default, and the irc module then
/// connects over TCP itself; a test harness (RustIrc.Sdk.Testing) provides one that serves networks from
/// memory. Only the host can provide it: whoever does reads every line sent to every server.
/// </summary>
[HostService]
public interface IIrcTransport
{
    /// <summary>
    /// A connected stream to <paramref name="host"/>:<paramref name="port"/>, read and written by one
    /// connection; the irc module does TLS on top when the network asks for it. Disposing it closes the
    /// connection.
    /// </summary>
    /// <exception cref="IOException">Nothing answers there; the message is shown to the user.</exception>
    [RequiresPermission(WellKnownPermissions.NetworkAccess)]
    ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken);
}
