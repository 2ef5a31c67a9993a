using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc;

/// <summary>/ignore and /unignore over the <see cref="IgnoreList"/>, which holds for every network.</summary>
internal sealed class IgnoreCommands(IrcService irc, Func<IUiModel?> ui, IgnoreList ignores) : IrcCommandSet(irc, ui)
{
    private const string Levels = "msgs,notices,ctcps,joins,nicks,all";

    public override void Register(ICommandRegistry commands)
    {
        Add(commands, "ignore", "/ignore [NICK|MASK [LEVELS]]",
            $"Stops showing lines from NICK or a nick!user@host MASK (* and ? are wildcards), on every network; LEVELS ({Levels}, comma-separated) says which, all by default. Without arguments lists the ignores. Scripts still see the events.",
            Ignore, ChannelNicks);
        Add(commands, "unignore", "/unignore MASK|NUMBER", "Removes an ignore, by its mask or its number in /ignore's list.", Unignore,
            request => ignores.Entries.Select(e => e.Mask).Where(m => m.StartsWith(request.Word, StringComparison.OrdinalIgnoreCase)));
    }

    private void Ignore(CommandInvocation a)
    {
        if (a.Arguments.Count == 0)
        {
            if (ignores.Count == 0) a.Reply("nobody is ignored; /ignore NICK|MASK [LEVELS] adds one");
            else a.Reply(ignores.Count == 1 ? "1 ignore:" : $"{ignores.Count} ignores:");
            for (var i = 0; i < ignores.Entries.Count; i++) a.Reply($"{i + 1}. {ignores.Entries[i].Mask} ({ignores.Entries[i].LevelNames})");
            return;
        }
        if (!IgnoreList.TryParseLevels(Rest(a, 1), out var levels, out var error)) throw new InvalidOperationException(error);
        var entry = ignores.Add(a.Arguments[0], levels);
        a.Reply($"ignoring {entry.Mask} ({entry.LevelNames}); /unignore {entry.Mask} undoes it");
    }

    private void Unignore(CommandInvocation a)
    {
        if (a.Arguments.Count != 1) throw new UsageException("/unignore MASK|NUMBER");
        var removed = ignores.Remove(a.Arguments[0])
            ?? throw new InvalidOperationException($"{IgnoreList.Normalize(a.Arguments[0])} is not ignored; /ignore lists the ignores.");
        a.Reply($"no longer ignoring {removed.Mask}");
    }
}
