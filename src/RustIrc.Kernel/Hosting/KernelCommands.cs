using RustIrc.Sdk.Commands;

namespace RustIrc.Kernel.Hosting;

public sealed partial class RustIrcKernel
{
    private void RegisterKernelCommands()
    {
        CommandRegistry.Register(_kernel, new CommandDefinition
        {
            Name = "help",
            Usage = "/help [COMMAND]",
            Help = "Lists every command, or shows how to use one.",
            Handler = Help,
            Protected = true,
            Complete = _ => CommandRegistry.List().Select(c => c.Name),
        });
        CommandRegistry.Register(_kernel, new ModuleCommand(_modules, _registry, _detached, Notify).Definition);
        CommandRegistry.Register(_kernel, new ExtensionsCommand(Catalog, _detached.Run, text => Notify(text, Sdk.Events.LineKind.Info)).Definition);
        CommandRegistry.Register(_kernel, new CommandDefinition
        {
            Name = "quit",
            Protected = true,
            Usage = "/quit [MESSAGE]",
            Help = "Stops every module (networks are quit with MESSAGE) and exits.",
            Handler = invocation =>
            {
                LifetimeState.QuitMessage = invocation.ArgumentText.Length > 0 ? invocation.ArgumentText : null;
                LifetimeState.RequestExit(0);
                return ValueTask.CompletedTask;
            },
        });
    }

    /// <summary>The message given to /quit, for modules that say goodbye to networks.</summary>
    public string? QuitMessage => LifetimeState.QuitMessage;

    private ValueTask Help(CommandInvocation invocation)
    {
        if (invocation.Arguments.Count > 0)
        {
            var name = invocation.Arguments[0].TrimStart('/');
            if (CommandRegistry.Find(name) is not { } command)
            {
                invocation.Error($"There is no command /{name}. Type /help for the list.");
                return ValueTask.CompletedTask;
            }
            invocation.Reply($"Usage: {(command.Usage.Length > 0 ? command.Usage : "/" + command.Name)}");
            if (command.Help.Length > 0) invocation.Reply(command.Help);
            // A script's command is its own extension's, inside the engine module that runs it: Origin says which.
            invocation.Reply(command.Origin is { } origin && command.Owner.Kind == "module" ? $"(from {origin}, in {command.Owner})"
                : command.Origin is { } own ? $"(from {own})"
                : $"(from {command.Owner})");
            return ValueTask.CompletedTask;
        }
        invocation.Reply("Commands (type /help COMMAND for details):");
        foreach (var command in CommandRegistry.List())
        {
            var summary = command.Help.Split(". ")[0].TrimEnd('.');
            invocation.Reply($"  /{command.Name,-12} {summary}");
        }
        return ValueTask.CompletedTask;
    }
}
