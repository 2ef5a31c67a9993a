using RustIrc.Kernel.Events;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Commands;

/// <summary>All commands by name, with the extension that owns each.</summary>
internal sealed class CommandRegistry(EventBus events, IFaultReporter faults)
{
    private readonly Dictionary<string, Entry> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    public IDisposable Register(Extension owner, CommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = command.Name.TrimStart('/').Trim();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{command.Name}' is not a command name: use one word without spaces.", nameof(command));
        }
        var entry = new Entry(command with { Name = name.ToLowerInvariant() }, owner);
        lock (_gate)
        {
            if (_commands.TryGetValue(name, out var existing))
            {
                throw new InvalidOperationException(
                    $"/{name} is already registered by {existing.Owner.Id}; choose another name or unload {existing.Owner.Id} first.");
            }
            _commands[name] = entry;
        }
        return new Disposable(() =>
        {
            lock (_gate)
            {
                if (_commands.TryGetValue(name, out var current) && ReferenceEquals(current, entry)) _commands.Remove(name);
            }
        });
    }

    public IReadOnlyList<CommandDescriptor> List()
    {
        lock (_gate)
        {
            return _commands.Values.OrderBy(e => e.Definition.Name, StringComparer.Ordinal).Select(e => e.Describe()).ToArray();
        }
    }

    public CommandDescriptor? Find(string name)
    {
        lock (_gate) return _commands.TryGetValue(name.TrimStart('/'), out var entry) ? entry.Describe() : null;
    }

    public async ValueTask<CommandOutcome> ExecuteAsync(string line, string? buffer, ICommandOutput output)
    {
        var text = line.TrimStart();
        if (text.StartsWith('/')) text = text[1..];
        var space = text.IndexOf(' ');
        var name = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
        if (name.Length == 0)
        {
            output.Write("Type a command after the slash, e.g. /help.", LineKind.Error);
            return CommandOutcome.Unknown;
        }

        Entry? entry;
        lock (_gate) _commands.TryGetValue(name, out entry);
        if (events.Publish(IrcCredentials.WithLoginMasked(new CommandEvent { Name = name, Arguments = arguments, Buffer = buffer })) == EventResult.Eat
            && entry?.Definition.Protected != true)
        {
            return CommandOutcome.Eaten;
        }

        if (entry is null)
        {
            var suggestion = Suggest(name);
            output.Write(
                suggestion is null
                    ? $"Unknown command /{name}. Type /help for the list of commands."
                    : $"Unknown command /{name}. Did you mean /{suggestion}? Type /help for the list of commands.",
                LineKind.Error);
            return CommandOutcome.Unknown;
        }

        try
        {
            var invocation = new CommandInvocation(name, arguments, buffer, output);
            await entry.Definition.Handler(invocation);
            return invocation.Failed ? CommandOutcome.Failed : CommandOutcome.Ran;
        }
        catch (PermissionDeniedException denied)
        {
            output.Write(denied.Message, LineKind.Error);
            return CommandOutcome.Failed;
        }
        catch (Exception ex)
        {
            faults.HandlerFailed(entry.Owner, $"/{name} command", ex);
            output.Write($"/{name} failed: {ex.Message}", LineKind.Error);
            return CommandOutcome.Failed;
        }
    }

    public IReadOnlyList<string> Complete(string partialLine)
    {
        var text = partialLine.TrimStart('/');
        var words = text.Split(' ');
        if (words.Length <= 1)
        {
            lock (_gate)
            {
                return _commands.Keys.Where(k => k.StartsWith(text, StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).Select(k => "/" + k).ToArray();
            }
        }
        Entry? entry;
        lock (_gate) _commands.TryGetValue(words[0], out entry);
        if (entry?.Definition.Complete is not { } complete) return [];
        var request = new CompletionRequest(words[1..^1].Where(w => w.Length > 0).ToArray(), words[^1]);
        try
        {
            return complete(request).Where(c => c.StartsWith(request.Word, StringComparison.OrdinalIgnoreCase)).ToArray();
        }
        catch (Exception ex)
        {
            faults.HandlerFailed(entry.Owner, $"/{words[0]} completion", ex);
            return [];
        }
    }

    private string? Suggest(string name)
    {
        lock (_gate)
        {
            return _commands.Keys
                .Select(k => (Name: k, Distance: EditDistance.Between(k, name)))
                .Where(c => c.Distance <= Math.Max(1, name.Length / 3))
                .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();
        }
    }

    private sealed record Entry(CommandDefinition Definition, Extension Owner)
    {
        public CommandDescriptor Describe() => new(Definition.Name, Definition.Usage, Definition.Help, Owner.Id) { Origin = Definition.Origin, Protected = Definition.Protected };
    }
}

/// <summary>The command registry as one extension sees it: its registrations are its own.</summary>
internal sealed class OwnedCommandRegistry(CommandRegistry registry, Extension owner) : ICommandRegistry
{
    public IDisposable Register(CommandDefinition command) => owner.Own(registry.Register(owner, command));

    public IReadOnlyList<CommandDescriptor> List() => registry.List();

    public CommandDescriptor? Find(string name) => registry.Find(name);

    public ValueTask<CommandOutcome> ExecuteAsync(string line, string? buffer, ICommandOutput output) =>
        registry.ExecuteAsync(line, buffer, output);

    public IReadOnlyList<string> Complete(string partialLine) => registry.Complete(partialLine);

    /// <summary>The same registry, with commands owned by <paramref name="hosted"/>.</summary>
    public OwnedCommandRegistry For(Extension hosted) => new(registry, hosted);
}
