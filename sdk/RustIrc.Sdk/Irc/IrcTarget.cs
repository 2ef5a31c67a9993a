namespace RustIrc.Sdk.Irc;

/// <summary>
/// What a message target names, by a network's ISUPPORT tokens: a channel (its first character is one of
/// CHANTYPES), a channel reached through a status prefix (<c>@#chan</c>: its members of that status, by
/// STATUSMSG), or else a nick. One rule for the IRC module and the script engines alike.
/// </summary>
public static class IrcTarget
{
    /// <summary>Whether <paramref name="target"/> starts with one of <paramref name="channelTypes"/> (CHANTYPES).</summary>
    public static bool IsChannel(string target, string channelTypes) => target.Length > 0 && channelTypes.Contains(target[0], StringComparison.Ordinal);

    /// <summary>
    /// The channel of a target such as <c>@#chan</c>: one of <paramref name="statusPrefixes"/> (STATUSMSG)
    /// before a channel; null for anything else, a plain channel included.
    /// </summary>
    public static string? StatusMessageChannel(string target, string statusPrefixes, string channelTypes) =>
        target.Length > 1 && statusPrefixes.Contains(target[0], StringComparison.Ordinal) && channelTypes.Contains(target[1], StringComparison.Ordinal)
            ? target[1..]
            : null;
}
