using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// The engine's command, <c>/LANG list|load|unload|reload|enable|disable|grant|revoke|eval</c> (LANG is the
/// engine module's id): reads what the user typed, asks the host, and answers.
/// </summary>
internal sealed class ScriptCommand(ScriptHost host)
{
    private string Language => host.Language;

    private bool Evaluates => host.Runtime.Evaluates;

    public CommandDefinition Definition => new()
    {
        Name = Language,
        Usage = $"/{Language} list|load FILE|unload NAME|reload NAME|enable NAME|disable NAME|grant NAME PERMISSION|revoke NAME PERMISSION" + (Evaluates ? "|eval CODE" : ""),
        Help = $"Manages {host.Noun}s (folder {host.Directory})" + (Evaluates ? "; eval runs code in a sandbox." : "."),
        Handler = Run,
        Protected = true,
        Complete = _ => ["list", "load", "unload", "reload", "enable", "disable", "grant", "revoke", .. (Evaluates ? ["eval"] : Array.Empty<string>()), .. host.Scripts.Names],
    };

    private ValueTask Run(CommandInvocation invocation)
    {
        var args = invocation.Arguments;
        var verb = args.Count == 0 ? "list" : args[0].ToLowerInvariant();
        string? Name() => args.Count > 1 ? args[1] : null;
        string? error = null;
        switch (verb)
        {
            case "list":
                List(invocation);
                break;
            case "load":
                error = Name() is { } file ? host.Load(file) : $"usage: /{Language} load FILE";
                if (error is null) invocation.Reply($"loaded {host.Runtime.NameOf(Name()!)}");
                break;
            case "unload":
                error = Name() is { } unload ? host.Unload(unload) : $"usage: /{Language} unload NAME";
                if (error is null) invocation.Reply($"unloaded {Name()}");
                break;
            case "reload":
                error = host.Scripts.Find(Name()) is { } again ? host.Load(again.Path) : NoSuchScript(Name());
                if (error is null) invocation.Reply($"reloaded {Name()}");
                break;
            case "enable" or "disable":
                error = SetDisabled(Name(), verb == "disable", invocation);
                break;
            case "grant" or "revoke":
                error = ChangeGrant(invocation, verb == "grant");
                break;
            case "eval" when Evaluates:
                Eval(invocation.ArgumentText[4..].Trim(), invocation);
                break;
            default:
                error = $"unknown /{Language} command '{verb}'; try /help {Language}";
                break;
        }
        if (error is not null) invocation.Fail(error);
        return ValueTask.CompletedTask;
    }

    private string NoSuchScript(string? name) => $"no {host.Noun} named {name}";

    private void List(CommandInvocation invocation)
    {
        if (host.Runtime.Status is { } status) invocation.Reply(status);
        if (host.Scripts.Count == 0)
        {
            invocation.Reply($"no {host.Noun}s; put some in {host.Directory} or /{Language} load FILE");
            return;
        }
        invocation.Reply($"limits of every {host.Noun}: {string.Join("; ", host.DescribeLimits())}");
        foreach (var script in host.Scripts.Ordered)
        {
            var m = script.Metadata;
            var usage = script.Instance is { } i ? $"{(host.CountsMemory ? $", {i.MemoryBytes / 1024.0:0} KiB" : "")}, CPU {i.CpuTime.TotalMilliseconds:0} ms{(i.Detail is { } detail ? $", {detail}" : "")}" : "";
            // One line: a description is the script's to write, line breaks and controls included.
            var description = m.Description.Length > 0 ? $" ({new string([.. m.Description.Select(c => char.IsControl(c) ? ' ' : c)])})" : "";
            invocation.Reply($"{script.Name} {m.Version} by {(m.Author.Length > 0 ? m.Author : "?")}{description}: {script.State.ToString().ToLowerInvariant()}{usage}; " +
                $"permissions {script.Granted}{(m.Permissions.Count > 0 ? $" (asks for {string.Join(", ", m.Permissions)})" : "")}" +
                (script.Reason is { } why ? $" — {why}" : ""));
        }
    }

    private string? SetDisabled(string? name, bool disabled, CommandInvocation invocation)
    {
        if (host.Scripts.Find(name) is not { } script) return NoSuchScript(name);
        var error = host.SetDisabled(script, disabled);
        if (error is null) invocation.Reply($"{(disabled ? "disabled" : "enabled")} {script.Name}");
        return error;
    }

    private string? ChangeGrant(CommandInvocation invocation, bool grant)
    {
        var verb = grant ? "grant" : "revoke";
        var args = invocation.Arguments;
        if (args.Count < 3) return $"usage: /{Language} {verb} NAME PERMISSION (a path may hold spaces: /{Language} {verb} NAME file_read:/home/me/my logs)";
        if (host.Scripts.Find(args[1]) is not { } script) return $"{NoSuchScript(args[1])}; /{Language} list shows the loaded ones";
        Permission permission;
        try
        {
            // The rest of the line is the permission, so a path may hold spaces (quoted or not).
            permission = Permission.Parse(invocation.TextFrom(2));
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
        host.ChangeGrant(script, permission, grant);
        invocation.Reply($"{script.Name} now holds {script.Granted}");
        return null;
    }

    private void Eval(string code, CommandInvocation invocation)
    {
        if (code.Length == 0)
        {
            invocation.Fail($"usage: /{Language} eval CODE");
            return;
        }
        if (host.Evaluate(code, invocation.Reply) is { } error) invocation.Fail(error);
    }
}
