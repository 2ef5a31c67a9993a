using RustIrc.Sdk.Permissions;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// The IRC client as other extensions see it: the networks it is on, their channels and members, and
/// ways to talk on them. Provided by the <c>irc</c> module; everything happening on the networks arrives
/// as <see cref="Events.IrcEvent"/>s on the event bus.
/// </summary>
/// <remarks>
/// Networks are named by the user (<c>libera</c>) or after the host they connect to. Nicks and channel
/// names are compared with the network's CASEMAPPING. Sending methods queue the line behind the
/// network's flood control and return at once; they throw <see cref="InvalidOperationException"/> when
/// the network is unknown or not connected, and <see cref="IrcFormatException"/> when the text cannot be
/// put on the wire (CR, LF or NUL in it). Long messages are split under the 512-byte line limit.
/// Call from the client loop.
/// </remarks>
public interface IIrcService
{
    /// <summary>Every network the client knows, connected or not, in the order they were added.</summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    IReadOnlyList<IrcNetworkInfo> Networks();

    /// <summary>One network by name (case-insensitive), or null.</summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    IrcNetworkInfo? FindNetwork(string network);

    /// <summary>
    /// Our nick on one network (case-insensitive name), or null when there is no such network: what a
    /// handler asks for on every message, so it costs no snapshot of the network. Since SDK 1.5.
    /// </summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    string? NickOf(string network);

    /// <summary>The channels we are on in <paramref name="network"/>; empty when unknown.</summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    IReadOnlyList<IrcChannelInfo> Channels(string network);

    /// <summary>The members of a channel we are on, with their prefixes; empty when unknown.</summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    IReadOnlyList<IrcMemberInfo> Members(string network, string channel);

    /// <summary>
    /// Adds a network and starts connecting to it in the background; progress and failures arrive as
    /// events and status lines. A network of the same name that exists is reconnected with the new options.
    /// </summary>
    /// <returns>The network's name.</returns>
    [RequiresPermission(WellKnownPermissions.NetworkAccess)]
    string Connect(IrcNetworkOptions options);

    /// <summary>Sends QUIT and closes the connection; the network stays listed (Disconnected) until removed.</summary>
    /// <returns>Completes when the connection is closed.</returns>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    Task DisconnectAsync(string network, string? reason = null);

    /// <summary>Sends one raw line (without CR LF) as it is, after the outgoing raw-line modifiers.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SendRaw(string network, string line);

    /// <summary>Sends a PRIVMSG to a channel or nick, split into several lines when too long.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SendMessage(string network, string target, string text);

    /// <summary>Sends a NOTICE, split like <see cref="SendMessage"/>.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SendNotice(string network, string target, string text);

    /// <summary>Sends a CTCP ACTION (<c>/me</c>).</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SendAction(string network, string target, string text);

    /// <summary>Joins a channel (with its key, if it has one).</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void Join(string network, string channel, string? key = null);

    /// <summary>Leaves a channel.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void Part(string network, string channel, string? reason = null);

    /// <summary>Sets a channel's topic (an empty topic clears it).</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SetTopic(string network, string channel, string topic);

    /// <summary>Changes modes of a channel or of ourselves, e.g. <c>SetMode("libera", "#a", "+o", "bob")</c>.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void SetMode(string network, string target, string modes, params string[] arguments);

    /// <summary>Asks the server for a new nick; the change shows as a <see cref="Events.NickChangeEvent"/>.</summary>
    [RequiresPermission(WellKnownPermissions.IrcSend)]
    void ChangeNick(string network, string nick);
}
