using System.Text;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

public sealed partial class RustIrcKernel
{
    private static readonly string[] ModuleVerbs = ["list", "info", "load", "unload", "reload", "enable", "disable", "grant", "revoke"];

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
        CommandRegistry.Register(_kernel, new CommandDefinition
        {
            Name = "module",
            Usage = "/module list | info ID | load ID | unload ID | reload ID | enable ID | disable ID | grant ID PERMISSION | revoke ID PERMISSION",
            Help = "Manages modules live. unload and reload report whether the module's load context was really collected. " +
                   "disable and enable are remembered across restarts; grant and revoke change what a module may do.",
            Handler = ModuleCommand,
            Protected = true,
            Complete = request => request.PrecedingArguments.Count == 0
                ? ModuleVerbs
                : _modules.Values.Where(e => !e.IsShadow).Select(e => e.Id),
        });
        CommandRegistry.Register(_kernel, new ExtensionsCommand(Catalog, RunDetached, text => Notify(text, Sdk.Events.LineKind.Info)).Definition);
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

    private async ValueTask ModuleCommand(CommandInvocation invocation)
    {
        var args = invocation.Arguments;
        var verb = args.Count == 0 ? "list" : args[0].ToLowerInvariant();
        if (verb != "list" && args.Count < 2)
        {
            invocation.Error(ModuleVerbs.Contains(verb)
                ? $"/module {verb} needs a module id, e.g. /module {verb} shell. /module list shows the ids."
                : $"Unknown /module action '{verb}'. Use one of: {string.Join(", ", ModuleVerbs)}.");
            return;
        }
        try
        {
            switch (verb)
            {
                case "list":
                    foreach (var line in FormatList(Manager.List())) invocation.Reply(line);
                    break;
                case "info":
                    var status = Manager.List().FirstOrDefault(m => m.Id == args[1])
                        ?? throw new ArgumentException($"No module '{args[1]}'; /module list shows the ids.");
                    invocation.Reply($"{status.Id} {status.Version}: {status.Description}");
                    invocation.Reply($"  state: {status.State}{(status.Reason is null ? "" : " — " + status.Reason)}");
                    invocation.Reply($"  folder: {status.Directory}");
                    invocation.Reply($"  load context: {status.LoadContext ?? "(not loaded)"}");
                    invocation.Reply($"  permissions: {status.Permissions}");
                    invocation.Reply($"  requests: {Requests(status)}");
                    break;
                case "load":
                    Report(invocation, await Manager.LoadAsync(args[1]));
                    break;
                case "enable":
                    Report(invocation, await Manager.EnableAsync(args[1]));
                    break;
                // Unloading runs apart from the command: the command may have been typed into the very
                // frontend being unloaded, whose code is on the stack until the command returns. Results
                // go to the status buffer (or the terminal), which outlive any one frontend.
                case "unload":
                    RunDetached(async () =>
                    {
                        foreach (var report in await Manager.UnloadAsync(args[1])) NotifyReport(report);
                    });
                    break;
                case "disable":
                    RunDetached(async () =>
                    {
                        foreach (var report in await Manager.DisableAsync(args[1])) NotifyReport(report);
                        Notify($"{args[1]} is disabled and stays so across restarts; /module enable {args[1]} turns it back on.");
                    });
                    break;
                case "reload":
                    RunDetached(async () =>
                    {
                        var reloaded = await Manager.ReloadAsync(args[1]);
                        foreach (var report in LastReloadReports) NotifyReport(report);
                        Notify(Describe(reloaded), reloaded.State == ModuleState.Enabled ? Sdk.Events.LineKind.Info : Sdk.Events.LineKind.Error);
                    });
                    break;
                case "grant":
                case "revoke":
                    if (args.Count < 3)
                    {
                        invocation.Error($"Usage: /module {verb} ID PERMISSION, e.g. /module {verb} {args[1]} network_access");
                        return;
                    }
                    var permission = Permission.Parse(invocation.TextFrom(2)); // the rest of the line: a path may hold spaces
                    if (verb == "grant") Manager.Grant(args[1], permission);
                    else Manager.Revoke(args[1], permission);
                    invocation.Reply(verb == "grant" ? $"granted {permission} to {args[1]}" : $"revoked {permission} from {args[1]}");
                    break;
                default:
                    invocation.Error($"Unknown /module action '{verb}'. Use one of: {string.Join(", ", ModuleVerbs)}.");
                    break;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            invocation.Error(ex.Message);
        }
    }

    private int _detached;
    private TaskCompletionSource? _idle;

    /// <summary>
    /// Completes when no detached module operation is running, so the terminal hands over the next
    /// typed line only once the previous /module command has finished.
    /// </summary>
    internal Task WhenIdle()
    {
        if (_detached == 0) return Task.CompletedTask;
        _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _idle.Task;
    }

    private void RunDetached(Func<Task> operation) => _ = RunDetachedAsync(operation);

    private async Task RunDetachedAsync(Func<Task> operation)
    {
        _detached++;
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Notify(ex.Message, Sdk.Events.LineKind.Error);
        }
        catch (Exception ex)
        {
            Notify($"/module failed: {ex.GetType().Name}: {ex.Message}", Sdk.Events.LineKind.Error);
        }
        finally
        {
            if (--_detached == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.SetResult();
            }
        }
    }

    private void NotifyReport(UnloadReport report) =>
        Notify(report.ToString(), report.Collected ? Sdk.Events.LineKind.Info : Sdk.Events.LineKind.Error);

    /// <summary>What a module's manifest asks for, and which of it the module does not hold, with the command that grants it.</summary>
    private static string Requests(ModuleStatus status)
    {
        if (status.Requested.Count == 0) return "nothing";
        var missing = new List<string>();
        foreach (var text in status.Requested)
        {
            var name = text.Split(':', 2)[0].Trim().ToLowerInvariant();
            if (WellKnownPermissions.IsScoped(name) && !text.Contains(':'))
            {
                // A file permission asked for without a path: any grant of it answers the request.
                if (!status.Permissions.Granted.Any(p => p.Name == name)) missing.Add(text);
                continue;
            }
            try
            {
                if (!status.Permissions.Allows(Permission.Parse(text))) missing.Add(text);
            }
            catch (FormatException)
            {
                missing.Add($"{text} (not a permission this client knows)");
            }
        }
        var requested = string.Join(", ", status.Requested);
        return missing.Count == 0
            ? $"{requested} (all granted)"
            : $"{requested} (not granted: {string.Join(", ", missing)}; /module grant {status.Id} PERMISSION grants one)";
    }

    private static string Describe(ModuleStatus status) => status.State == ModuleState.Enabled
        ? $"loaded {status.Id} {status.Version} into load context {status.LoadContext}"
        : $"{status.Id} is {status.State}: {status.Reason}";

    private static void Report(CommandInvocation invocation, ModuleStatus status)
    {
        if (status.State == ModuleState.Enabled) invocation.Reply(Describe(status));
        else invocation.Error(Describe(status));
    }

    /// <summary>The table of /module list.</summary>
    internal static IEnumerable<string> FormatList(IReadOnlyList<ModuleStatus> modules)
    {
        var idWidth = Math.Max(2, modules.Select(m => m.Id.Length).DefaultIfEmpty(0).Max());
        var contextWidth = Math.Max(7, modules.Select(m => (m.LoadContext ?? "-").Length).DefaultIfEmpty(0).Max());
        yield return $"{"ID".PadRight(idWidth)}  {"VERSION",-8} {"STATE",-12} {"CONTEXT".PadRight(contextWidth)}  PERMISSIONS";
        foreach (var m in modules)
        {
            var line = new StringBuilder();
            line.Append(m.Id.PadRight(idWidth)).Append("  ")
                .Append(m.Version.PadRight(8)).Append(' ')
                .Append(m.State.ToString().PadRight(12)).Append(' ')
                .Append((m.LoadContext ?? "-").PadRight(contextWidth)).Append("  ")
                .Append(m.Permissions);
            yield return line.ToString();
            if (m.Reason is not null && m.State != ModuleState.Enabled)
            {
                yield return $"{"".PadRight(idWidth)}  └ {m.Reason}";
            }
        }
    }
}
