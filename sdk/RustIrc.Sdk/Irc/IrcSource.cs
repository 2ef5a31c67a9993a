namespace RustIrc.Sdk.Irc;

/// <summary>
/// The parts of a message source: <c>nick!user@host</c> for users, a bare name for servers. Parts the
/// source leaves out are null. No validation happens: servers send hosts with colour codes and other
/// oddities, and a client must take them as they come.
/// </summary>
/// <param name="Nick">The nickname, or the whole source when it has no <c>!</c> or <c>@</c> (e.g. a server name).</param>
/// <param name="User">The user (ident) part after <c>!</c>, or null.</param>
/// <param name="Host">The host part after <c>@</c>, or null.</param>
public readonly record struct IrcSource(string Nick, string? User, string? Host)
{
    /// <summary>Whether this looks like a server name: a bare source with a dot, which a nickname cannot hold.</summary>
    public bool IsServer => User is null && Host is null && Nick.Contains('.');

    /// <summary>
    /// Splits a source at the first <c>@</c> (host) and the first <c>!</c> before it (user). Accepts
    /// <c>nick!user@host</c>, <c>nick@host</c>, <c>nick!user</c>, <c>nick</c> and server names.
    /// </summary>
    public static IrcSource Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var at = source.IndexOf('@');
        var host = at < 0 ? null : source[(at + 1)..];
        var beforeHost = at < 0 ? source : source[..at];
        var bang = beforeHost.IndexOf('!');
        return bang < 0
            ? new IrcSource(beforeHost, null, host)
            : new IrcSource(beforeHost[..bang], beforeHost[(bang + 1)..], host);
    }

    /// <summary>Joins the parts back as <c>nick!user@host</c>, leaving out those that are null.</summary>
    public override string ToString() =>
        (User, Host) switch
        {
            (null, null) => Nick,
            (null, _) => $"{Nick}@{Host}",
            (_, null) => $"{Nick}!{User}",
            _ => $"{Nick}!{User}@{Host}",
        };
}
