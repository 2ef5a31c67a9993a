using System.Runtime.CompilerServices;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.State;

/// <summary>
/// Everything known about one network's session: our nick, the server's ISUPPORT, the channels we are
/// on and the users in them. Names compare with the server's CASEMAPPING. Lives on the client loop.
/// </summary>
internal sealed class NetworkState
{
    public NetworkState(string nick)
    {
        Nick = nick;
        Comparer = IrcCaseMapping.Comparer(Support.CaseMapping);
        Channels = new Dictionary<string, ChannelState>(Comparer);
        Users = new Dictionary<string, UserState>(Comparer);
    }

    public ISupport Support { get; } = new();
    public StringComparer Comparer { get; private set; }
    public string Nick { get; set; }
    public string? OwnUser { get; set; }
    public string? OwnHost { get; set; }
    public string? Account { get; set; }
    public bool Away { get; set; }
    public HashSet<string> Capabilities { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ChannelState> Channels { get; private set; }
    public Dictionary<string, UserState> Users { get; private set; }

    public bool IsMe(string? nick) => nick is not null && Comparer.Equals(nick, Nick);

    public bool Has(string capability) => Capabilities.Contains(capability);

    /// <summary>Applies 005 tokens; when CASEMAPPING changed, every name index is rebuilt with the new rules.</summary>
    public void ApplySupport(IReadOnlyList<string> tokens)
    {
        var before = Support.CaseMapping;
        Support.Apply(tokens);
        if (Support.CaseMapping == before) return;
        Comparer = IrcCaseMapping.Comparer(Support.CaseMapping);
        Channels = Channels.Rekeyed(Comparer);
        Users = Users.Rekeyed(Comparer);
        _usersChanged++;
        foreach (var channel in Channels.Values) channel.Rekey(Comparer);
    }

    public UserState GetOrAddUser(string nick)
    {
        if (!Users.TryGetValue(nick, out var user))
        {
            user = new UserState(nick);
            Users[nick] = user;
        }
        return user;
    }

    // Touch runs for every message. The users it found last, by the identity of the nick string (the
    // reader pools them): valid while no user has been forgotten or renamed since (_usersChanged).
    private readonly (string? Nick, UserState? User, int Version)[] _touched = new (string?, UserState?, int)[256];
    private int _usersChanged;

    /// <summary>Updates what we know of a user from a message source, if we track them.</summary>
    public UserState? Touch(string? nick, string? userName, string? host)
    {
        if (nick is null) return null;
        ref var seen = ref _touched[RuntimeHelpers.GetHashCode(nick) & (_touched.Length - 1)];
        UserState? user;
        if (ReferenceEquals(seen.Nick, nick) && seen.Version == _usersChanged)
        {
            user = seen.User!;
        }
        else
        {
            if (!Users.TryGetValue(nick, out user)) return null;
            seen = (nick, user, _usersChanged);
        }
        // Keep the strings we have when they are equal: storing each message's fresh copies in this
        // long-lived record would promote them into the oldest GC generation under a flood.
        if (userName is not null && !string.Equals(user.User, userName, StringComparison.Ordinal)) user.User = userName;
        if (host is not null && !string.Equals(user.Host, host, StringComparison.Ordinal)) user.Host = host;
        return user;
    }

    public ChannelState AddChannel(string name)
    {
        if (!Channels.TryGetValue(name, out var channel))
        {
            channel = new ChannelState(name, Comparer);
            Channels[name] = channel;
        }
        return channel;
    }

    public Membership Join(ChannelState channel, string nick)
    {
        var user = GetOrAddUser(nick);
        if (!channel.Members.TryGetValue(nick, out var membership))
        {
            membership = new Membership(user);
            channel.Members[nick] = membership;
        }
        return membership;
    }

    /// <summary>Removes a nick from a channel; forgets the user when they share no channel with us any more.</summary>
    public void Leave(ChannelState channel, string nick)
    {
        channel.Members.Remove(nick);
        ForgetIfAlone(nick);
    }

    /// <summary>Removes a nick from every channel; returns the channels it was in.</summary>
    public List<string> RemoveEverywhere(string nick)
    {
        var channels = new List<string>();
        foreach (var channel in Channels.Values)
        {
            if (channel.Members.Remove(nick)) channels.Add(channel.Name);
        }
        if (Users.Remove(nick)) _usersChanged++;
        return channels;
    }

    /// <summary>Renames a nick everywhere; returns the channels it is in.</summary>
    public List<string> Rename(string oldNick, string newNick)
    {
        var channels = new List<string>();
        if (Users.Remove(oldNick, out var user))
        {
            _usersChanged++;
            user.Nick = newNick;
            Users[newNick] = user;
        }
        foreach (var channel in Channels.Values)
        {
            if (channel.Members.Remove(oldNick, out var membership))
            {
                channel.Members[newNick] = membership;
                channels.Add(channel.Name);
            }
        }
        if (IsMe(oldNick)) Nick = newNick;
        return channels;
    }

    public void RemoveChannel(string name)
    {
        if (!Channels.Remove(name, out var channel)) return;
        foreach (var nick in channel.Members.Keys) ForgetIfAlone(nick);
    }

    /// <summary>Forgets every channel and user (the connection ended).</summary>
    public void Reset()
    {
        Channels.Clear();
        Users.Clear();
        _usersChanged++;
        Capabilities.Clear();
    }

    private void ForgetIfAlone(string nick)
    {
        if (IsMe(nick)) return;
        foreach (var channel in Channels.Values)
        {
            if (channel.Members.ContainsKey(nick)) return;
        }
        if (Users.Remove(nick)) _usersChanged++;
    }
}
