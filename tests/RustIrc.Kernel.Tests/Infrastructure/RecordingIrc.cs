using RustIrc.Sdk.Irc;

namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>
/// An <see cref="IIrcService"/> that records each call, for permission tests of the guard. The real
/// service (the irc module against a real server) is checked in RustIrc.Integration.Tests.
/// </summary>
internal sealed class RecordingIrc : IIrcService
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get { lock (_calls) return _calls.ToArray(); }
    }

    public IReadOnlyList<IrcNetworkInfo> Networks() => Record<IrcNetworkInfo>("Networks");

    public IrcNetworkInfo? FindNetwork(string network)
    {
        Record<IrcNetworkInfo>("FindNetwork " + network);
        return null;
    }

    public string? NickOf(string network)
    {
        Record<string>("NickOf " + network);
        return null;
    }

    public IReadOnlyList<IrcChannelInfo> Channels(string network) => Record<IrcChannelInfo>("Channels " + network);

    public IReadOnlyList<IrcMemberInfo> Members(string network, string channel) => Record<IrcMemberInfo>($"Members {network} {channel}");

    public string Connect(IrcNetworkOptions options)
    {
        Record<string>("Connect " + options.Host);
        return options.Name;
    }

    public Task DisconnectAsync(string network, string? reason = null)
    {
        Record<string>("Disconnect " + network);
        return Task.CompletedTask;
    }

    public void SendRaw(string network, string line) => Record<string>("SendRaw " + line);

    public void SendMessage(string network, string target, string text) => Record<string>($"SendMessage {target} {text}");

    public void SendNotice(string network, string target, string text) => Record<string>($"SendNotice {target} {text}");

    public void SendAction(string network, string target, string text) => Record<string>($"SendAction {target} {text}");

    public void Join(string network, string channel, string? key = null) => Record<string>("Join " + channel);

    public void Part(string network, string channel, string? reason = null) => Record<string>("Part " + channel);

    public void SetTopic(string network, string channel, string topic) => Record<string>($"SetTopic {channel} {topic}");

    public void SetMode(string network, string target, string modes, params string[] arguments) => Record<string>($"SetMode {target} {modes}");

    public void ChangeNick(string network, string nick) => Record<string>("ChangeNick " + nick);

    private T[] Record<T>(string call)
    {
        lock (_calls) _calls.Add(call);
        return [];
    }
}
