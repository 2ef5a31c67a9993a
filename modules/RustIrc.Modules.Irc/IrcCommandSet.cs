using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>
/// What every group of IRC slash commands shares. A command acts on the network (and channel or query)
/// of the buffer it was typed in; with one network only, it is used from any buffer. Mistakes are
/// answered in words, never thrown, so they do not count as the module's faults: a handler throws
/// <see cref="UsageException"/> for wrong arguments and <see cref="InvalidOperationException"/> for the rest.
/// </summary>
internal abstract class IrcCommandSet(IrcService irc, Func<IUiModel?> ui)
{
    protected IrcService Irc { get; } = irc;

    /// <summary>The UI model, when a ui module is loaded.</summary>
    protected IUiModel? Ui() => ui();

    /// <summary>The UI model, or an error that says the command needs one.</summary>
    protected IUiModel RequireUi(CommandInvocation a) =>
        ui() ?? throw new InvalidOperationException($"/{a.Name} works on the buffers of the ui module, which is not loaded: /module load ui.");

    /// <summary>Completion: the nicks of the channel in the current buffer that start with the word typed.</summary>
    protected IEnumerable<string> ChannelNicks(CompletionRequest request)
    {
        if (ui() is not { } model) return [];
        var (network, target) = BufferNames.Parse(model.CurrentBuffer);
        if (target is null || Irc.Find(network) is not { } found || !found.State.Channels.TryGetValue(target, out var channel)) return [];
        return channel.Members.Values.Select(m => m.User.Nick)
            .Where(n => n.StartsWith(request.Word, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public abstract void Register(ICommandRegistry commands);

    protected static void Add(ICommandRegistry commands, string name, string usage, string help, Action<CommandInvocation> run,
        Func<CompletionRequest, IEnumerable<string>>? complete = null) =>
        commands.Register(new CommandDefinition
        {
            Name = name,
            Usage = usage,
            Help = help,
            Complete = complete,
            Handler = invocation =>
            {
                try
                {
                    run(invocation);
                }
                catch (UsageException usageError)
                {
                    invocation.Error($"usage: {usageError.Message}");
                }
                catch (Exception ex) when (ex is InvalidOperationException or IrcFormatException or ArgumentException)
                {
                    invocation.Error(ex.Message);
                }
                return ValueTask.CompletedTask;
            },
        });

    /// <summary>The network of the buffer the command was typed in, or the only network there is.</summary>
    protected IrcNetwork Network(CommandInvocation a)
    {
        var (name, _) = BufferNames.Parse(a.Buffer ?? "");
        if (Irc.Find(name) is { } network) return network;
        return Irc.All.Count switch
        {
            0 => throw new InvalidOperationException("Not connected to any network: /connect HOST first."),
            1 => Irc.All[0],
            _ => throw new InvalidOperationException($"Which network? Switch to one of its buffers first (/buffer {Irc.All[0].Name}); networks: {string.Join(", ", Irc.All.Select(n => n.Name))}."),
        };
    }

    /// <summary>An optional leading NETWORK argument (for /disconnect and /reconnect), then the rest.</summary>
    protected (IrcNetwork Network, string Remainder) NetworkArgument(CommandInvocation a)
    {
        if (a.Arguments.Count > 0 && Irc.Find(a.Arguments[0]) is { } named) return (named, Rest(a, 1));
        return (Network(a), a.ArgumentText);
    }

    /// <summary>An optional leading channel argument, else the channel of this buffer; then the rest of the text.</summary>
    protected static (string Channel, string Remainder) ChannelArgument(CommandInvocation a, IrcNetwork network, int at)
    {
        if (a.Arguments.Count > at && network.State.Support.IsChannel(a.Arguments[at])) return (a.Arguments[at], Rest(a, at + 1));
        return (Channel(a, network), Rest(a, at));
    }

    protected static string Channel(CommandInvocation a, IrcNetwork network) =>
        BufferNames.Parse(a.Buffer ?? "").Target is { } target && network.State.Support.IsChannel(target)
            ? target
            : throw new InvalidOperationException($"/{a.Name} needs a channel here: name it, or type it in the channel's buffer.");

    protected static string Conversation(CommandInvocation a) =>
        BufferNames.Parse(a.Buffer ?? "").Target
        ?? throw new InvalidOperationException($"/{a.Name} works in a channel or query buffer; this is {a.Buffer ?? "no buffer"}.");

    protected static string Need(CommandInvocation a, int index, string what) =>
        a.Arguments.Count > index ? a.Arguments[index] : throw new UsageException($"/{a.Name} needs {what}");

    /// <summary>The argument text after the first <paramref name="skip"/> words, spacing kept.</summary>
    protected static string Rest(CommandInvocation a, int skip)
    {
        var text = a.ArgumentText;
        for (var i = 0; i < skip; i++)
        {
            var space = text.IndexOf(' ');
            if (space < 0) return "";
            text = text[(space + 1)..].TrimStart(' ');
        }
        return text;
    }

    /// <summary>Wrong arguments; the message is the usage, shown as <c>usage: …</c>.</summary>
    protected sealed class UsageException(string message) : Exception(message);
}
