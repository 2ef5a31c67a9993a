using System.Text;
using System.Text.Json;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// <c>/extensions</c>: the catalog for the user. Lists every extension of every kind (<c>--json</c>: one
/// JSON object each, for bots and the GUI), and acts on one: <c>enable</c>, <c>disable</c>, <c>reload</c>,
/// <c>unload</c>, <c>grant</c>, <c>revoke</c>, naming it <c>KIND:NAME</c> (<c>lua:autogreet</c>).
/// </summary>
internal sealed class ExtensionsCommand(IExtensionCatalog catalog, Action<Func<Task>> runDetached, Action<string> notify)
{
    private static readonly string[] Verbs = ["list", "enable", "disable", "reload", "unload", "grant", "revoke"];

    public CommandDefinition Definition => new()
    {
        Name = "extensions",
        Usage = "/extensions [list] [KIND] [--json] | enable|disable|reload|unload KIND:NAME | grant|revoke KIND:NAME PERMISSION",
        Help = "Lists every extension (modules, scripts, plugins) with its state, permissions and limits, or acts on one.",
        Handler = RunAsync,
        Protected = true,
        Complete = request => request.PrecedingArguments.Count == 0 ? Verbs : catalog.List().Select(e => e.Id.ToString()),
    };

    private ValueTask RunAsync(CommandInvocation invocation)
    {
        var args = invocation.Arguments;
        var verb = args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal) || !Verbs.Contains(args[0].ToLowerInvariant()) ? "list" : args[0].ToLowerInvariant();
        if (verb == "list")
        {
            List(invocation, args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != "list").FirstOrDefault(), args.Contains("--json"));
            return ValueTask.CompletedTask;
        }
        if (args.Count < 2 || !TryParseId(args[1], out var id))
        {
            invocation.Fail($"usage: /extensions {verb} KIND:NAME{(verb is "grant" or "revoke" ? " PERMISSION" : "")} (e.g. lua:autogreet, module:irc)");
            return ValueTask.CompletedTask;
        }
        var action = Enum.Parse<ExtensionAction>(verb, ignoreCase: true);
        Permission? permission = null;
        if (action is ExtensionAction.Grant or ExtensionAction.Revoke)
        {
            try
            {
                permission = Permission.Parse(invocation.TextFrom(2));
            }
            catch (FormatException ex)
            {
                invocation.Fail(ex.Message);
                return ValueTask.CompletedTask;
            }
        }
        // Loading and unloading wait for the loop: they run once this command has returned.
        runDetached(async () => notify(await catalog.ActAsync(id, action, permission)));
        return ValueTask.CompletedTask;
    }

    private void List(CommandInvocation invocation, string? kind, bool json)
    {
        var entries = catalog.List().Where(e => kind is null || e.Id.Kind.Equals(kind, StringComparison.OrdinalIgnoreCase)).ToList();
        if (entries.Count == 0)
        {
            invocation.Reply(kind is null ? "no extensions" : $"no extensions of kind {kind}");
            return;
        }
        foreach (var e in entries) invocation.Reply(json ? Json(e) : Line(e));
    }

    private static string Line(ExtensionInfo e)
    {
        var line = new StringBuilder($"{e.Id} {(e.Version.Length > 0 ? e.Version : "?")}: {e.State}");
        if (e.MemoryBytes is { } memory) line.Append($", {memory / 1024.0:0} KiB");
        if (e.CpuTime is { } cpu) line.Append($", CPU {cpu.TotalMilliseconds:0} ms");
        line.Append($"; permissions {e.Granted}");
        if (e.Requested.Count > 0) line.Append($" (asks for {string.Join(", ", e.Requested)})");
        if (e.Limits.Count > 0) line.Append($"; limits {string.Join(", ", e.Limits)}");
        if (e.Reason is { } reason) line.Append($" — {reason}");
        return line.ToString();
    }

    private static string Json(ExtensionInfo e)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id.ToString());
            writer.WriteString("kind", e.Id.Kind);
            writer.WriteString("name", e.Id.Name);
            writer.WriteString("version", e.Version);
            writer.WriteString("author", e.Author);
            writer.WriteString("description", e.Description);
            writer.WriteString("state", e.State);
            writer.WriteString("reason", e.Reason);
            writer.WriteString("source", e.Source);
            Strings(writer, "requested", e.Requested);
            Strings(writer, "granted", e.Granted.Granted.Select(p => p.ToString()));
            Strings(writer, "limits", e.Limits);
            if (e.MemoryBytes is { } memory) writer.WriteNumber("memoryBytes", memory);
            if (e.CpuTime is { } cpu) writer.WriteNumber("cpuMs", (long)cpu.TotalMilliseconds);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static bool TryParseId(string text, out ExtensionId id)
    {
        var colon = text.IndexOf(':');
        id = colon > 0 && colon < text.Length - 1 ? new ExtensionId(text[..colon].ToLowerInvariant(), text[(colon + 1)..]) : ExtensionId.Kernel;
        return colon > 0 && colon < text.Length - 1;
    }
}
