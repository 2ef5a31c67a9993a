using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Ui;

namespace RustIrc.Samples.Seen;

/// <summary><c>/seen NICK</c>: when NICK was last seen on the network of the buffer it is typed in, answered only to the user.</summary>
internal sealed class SeenCommand(Func<string, string, string> answer, Func<string, bool> isNetwork, Func<string> currentBuffer)
{
    public void Register(ICommandRegistry commands) => commands.Register(new CommandDefinition
    {
        Name = "seen",
        Usage = "/seen NICK",
        Help = "Says when NICK was last seen on this buffer's network, and what they were doing.",
        Handler = Run,
    });

    private ValueTask Run(CommandInvocation invocation)
    {
        if (invocation.Arguments.Count != 1)
        {
            invocation.Fail("Usage: /seen NICK (in a buffer of the network to look on).");
            return ValueTask.CompletedTask;
        }
        var (network, _) = BufferNames.Parse(invocation.Buffer ?? currentBuffer());
        if (!isNetwork(network))
        {
            invocation.Fail("/seen looks on one network: type it in that network's buffer or in one of its channels.");
            return ValueTask.CompletedTask;
        }
        invocation.Reply(answer(network, invocation.Arguments[0]));
        return ValueTask.CompletedTask;
    }
}
