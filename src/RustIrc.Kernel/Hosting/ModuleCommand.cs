using System.Text;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary><c>/module</c>: lists the modules and loads, unloads, reloads, enables, disables, grants and revokes one.</summary>
internal sealed class ModuleCommand(ModuleManager manager, ModuleRegistry registry, DetachedOperations detached, Action<string, LineKind> notify)
{
    private static readonly string[] Verbs = ["list", "info", "load", "unload", "reload", "enable", "disable", "grant", "revoke"];

    public CommandDefinition Definition => new()
    {
        Name = "module",
        Usage = "/module list | info ID | load ID | unload ID | reload ID | enable ID | disable ID | grant ID PERMISSION | revoke ID PERMISSION",
        Help = "Manages modules live. unload and reload report whether the module's load context was really collected. " +
               "disable and enable are remembered across restarts; grant and revoke change what a module may do.",
        Handler = RunAsync,
        Protected = true,
        Complete = request => request.PrecedingArguments.Count == 0 ? Verbs : registry.Loadable.Select(e => e.Id),
    };

    private async ValueTask RunAsync(CommandInvocation invocation)
    {
        var args = invocation.Arguments;
        var verb = args.Count == 0 ? "list" : args[0].ToLowerInvariant();
        if (verb != "list" && args.Count < 2)
        {
            invocation.Error(Verbs.Contains(verb)
                ? $"/module {verb} needs a module id, e.g. /module {verb} shell. /module list shows the ids."
                : $"Unknown /module action '{verb}'. Use one of: {string.Join(", ", Verbs)}.");
            return;
        }
        try
        {
            switch (verb)
            {
                case "list":
                    foreach (var line in FormatList(manager.List())) invocation.Reply(line);
                    break;
                case "info":
                    var status = manager.List().FirstOrDefault(m => m.Id == args[1])
                        ?? throw new ArgumentException($"No module '{args[1]}'; /module list shows the ids.");
                    invocation.Reply($"{status.Id} {status.Version}: {status.Description}");
                    invocation.Reply($"  state: {status.State}{(status.Reason is null ? "" : " — " + status.Reason)}");
                    invocation.Reply($"  folder: {status.Directory}");
                    invocation.Reply($"  load context: {status.LoadContext ?? "(not loaded)"}");
                    invocation.Reply($"  permissions: {status.Permissions}");
                    invocation.Reply($"  requests: {Requests(status)}");
                    break;
                case "load":
                    Report(invocation, await manager.LoadAsync(args[1]));
                    break;
                case "enable":
                    Report(invocation, await manager.EnableAsync(args[1]));
                    break;
                // Unloading runs apart from the command (see DetachedOperations).
                case "unload":
                    detached.Run(async () =>
                    {
                        foreach (var report in await manager.UnloadAsync(args[1])) NotifyReport(report);
                    });
                    break;
                case "disable":
                    detached.Run(async () =>
                    {
                        foreach (var report in await manager.DisableAsync(args[1])) NotifyReport(report);
                        notify($"{args[1]} is disabled and stays so across restarts; /module enable {args[1]} turns it back on.", LineKind.Info);
                    });
                    break;
                case "reload":
                    detached.Run(async () =>
                    {
                        var (reloaded, reports) = await manager.ReloadWithReportsAsync(args[1]);
                        foreach (var report in reports) NotifyReport(report);
                        notify(Describe(reloaded), reloaded.State == ModuleState.Enabled ? LineKind.Info : LineKind.Error);
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
                    if (verb == "grant") manager.Grant(args[1], permission);
                    else manager.Revoke(args[1], permission);
                    invocation.Reply(verb == "grant" ? $"granted {permission} to {args[1]}" : $"revoked {permission} from {args[1]}");
                    break;
                default:
                    invocation.Error($"Unknown /module action '{verb}'. Use one of: {string.Join(", ", Verbs)}.");
                    break;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            invocation.Error(ex.Message);
        }
    }

    private void NotifyReport(UnloadReport report) =>
        notify(report.ToString(), report.Collected ? LineKind.Info : LineKind.Error);

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
    }}
