namespace RustIrc.Sdk.Commands;

/// <summary>A command the user can type as <c>/name args</c>.</summary>
public sealed record CommandDefinition
{
    /// <summary>The name without the slash; matched case-insensitively.</summary>
    public required string Name { get; init; }

    /// <summary>How to call it, e.g. <c>/module unload ID</c>.</summary>
    public string Usage { get; init; } = "";

    /// <summary>One or more sentences shown by <c>/help NAME</c>.</summary>
    public string Help { get; init; } = "";

    /// <summary>Runs the command on the client loop.</summary>
    public required Func<CommandInvocation, ValueTask> Handler { get; init; }

    /// <summary>Offers completions for the word being typed; null for none.</summary>
    public Func<CompletionRequest, IEnumerable<string>>? Complete { get; init; }

    /// <summary>
    /// Who added it, when that is not the registering extension itself but something it hosts (a script
    /// of a script engine: <c>lua script greeter</c>); shown by <c>/help NAME</c>. Null for the extension.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>
    /// Whether the command is one the user must always reach (<c>/module</c>, <c>/help</c>, <c>/quit</c>, a
    /// script engine's own command): a handler of its <see cref="Events.CommandEvent"/> may see it, but
    /// eating it does not stop it, so no extension can lock the user out of unloading it.
    /// </summary>
    public bool Protected { get; init; }
}

/// <summary>What is being completed: the arguments typed so far and the word under the cursor.</summary>
public sealed record CompletionRequest(IReadOnlyList<string> PrecedingArguments, string Word);

/// <summary>Where a command's replies go (the current buffer, or the terminal when no UI runs).</summary>
public interface ICommandOutput
{
    /// <summary>Shows a line of output.</summary>
    void Write(string text, Events.LineKind kind = Events.LineKind.Info);
}

/// <summary>One run of a command: its arguments and where to answer.</summary>
public sealed class CommandInvocation(string name, string argumentText, string? buffer, ICommandOutput output)
{
    /// <summary>The command name, lower-case.</summary>
    public string Name { get; } = name;

    /// <summary>Everything after the name, trimmed.</summary>
    public string ArgumentText { get; } = argumentText;

    /// <summary>The arguments split on spaces.</summary>
    public IReadOnlyList<string> Arguments { get; } =
        argumentText.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The text from argument <paramref name="index"/> (counted from 0) to the end, as typed, spaces
    /// included: for an argument that may hold spaces, such as a path (<c>/lua grant x file_read:/tmp/my dir</c>).
    /// Empty when there are fewer arguments.
    /// </summary>
    public string TextFrom(int index)
    {
        var at = 0;
        for (var skipped = 0; ; skipped++)
        {
            while (at < ArgumentText.Length && ArgumentText[at] == ' ') at++;
            if (skipped == index || at >= ArgumentText.Length) return ArgumentText[at..].Trim();
            while (at < ArgumentText.Length && ArgumentText[at] != ' ') at++;
        }
    }

    /// <summary>The buffer the command was typed in, if any.</summary>
    public string? Buffer { get; } = buffer;

    /// <summary>Answers the user.</summary>
    public void Reply(string text) => output.Write(text);

    /// <summary>Tells the user what went wrong and what to do.</summary>
    public void Error(string text) => output.Write(text, Events.LineKind.Error);

    /// <summary>Whether <see cref="Fail"/> was called: the run then ends as <see cref="CommandOutcome.Failed"/>.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// Tells the user what went wrong, as <see cref="Error"/> does, and makes the run end as
    /// <see cref="CommandOutcome.Failed"/>. For failures that are not the command's own bug (a script's
    /// error, a bad argument): throwing instead would also count against the command's owner, which is
    /// stopped when its handlers keep throwing.
    /// </summary>
    public void Fail(string text)
    {
        Failed = true;
        Error(text);
    }
}

/// <summary>A registered command as others see it.</summary>
public sealed record CommandDescriptor(string Name, string Usage, string Help, ExtensionId Owner)
{
    /// <summary>Who within <see cref="Owner"/> added it (<see cref="CommandDefinition.Origin"/>), or null.</summary>
    public string? Origin { get; init; }

    /// <summary>Whether eating its command event does not stop it (<see cref="CommandDefinition.Protected"/>).</summary>
    public bool Protected { get; init; }
}

/// <summary>How a command line ended.</summary>
public enum CommandOutcome
{
    /// <summary>It ran.</summary>
    Ran,
    /// <summary>No such command; the user was told.</summary>
    Unknown,
    /// <summary>A handler of <see cref="Events.CommandEvent"/> ate it.</summary>
    Eaten,
    /// <summary>It threw, or reported failure with <see cref="CommandInvocation.Fail"/>; the user was told.</summary>
    Failed,
}

/// <summary>
/// The commands of the client. Registrations made through a module's registry are owned by the module
/// and removed when it unloads.
/// </summary>
public interface ICommandRegistry
{
    /// <summary>Adds a command. A name already taken by another extension is refused.</summary>
    /// <returns>Disposing it removes the command.</returns>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    IDisposable Register(CommandDefinition command);

    /// <summary>All commands, sorted by name.</summary>
    IReadOnlyList<CommandDescriptor> List();

    /// <summary>Finds a command by name (case-insensitive).</summary>
    CommandDescriptor? Find(string name);

    /// <summary>
    /// Runs a line such as <c>/help module</c> (the leading slash is optional). Publishes a
    /// <see cref="Events.CommandEvent"/> first; unknown commands and failures are reported to
    /// <paramref name="output"/>, never thrown.
    /// </summary>
    ValueTask<CommandOutcome> ExecuteAsync(string line, string? buffer, ICommandOutput output);

    /// <summary>Completion candidates for a partly typed line.</summary>
    IReadOnlyList<string> Complete(string partialLine);
}
