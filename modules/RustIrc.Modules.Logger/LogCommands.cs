using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Logger;

/// <summary>
/// <c>/log on|off|show [all]</c> (logging of the buffer typed in, or of every buffer) and <c>/lastlog
/// [-limit N] TEXT</c> (the lines of the buffer's logs that hold TEXT). Their answers are not logged.
/// </summary>
internal sealed class LogCommands(ChatLog log, Func<string> currentBuffer, CancellationToken stopping)
{
    /// <summary>Lines /lastlog shows unless told otherwise, and the most it shows.</summary>
    public const int DefaultLimit = 50, MaxLimit = 1000;

    public void Register(ICommandRegistry commands)
    {
        commands.Register(new CommandDefinition
        {
            Name = "log",
            Usage = "/log [show|on|off] [all]",
            Help = "Shows where this buffer is logged (show, the default), or starts (on) or stops (off) logging it; "
                + "with 'all', every buffer. Until the client restarts; modules.logger in config.json says what is logged at start.",
            Handler = Log,
            Complete = request => request.PrecedingArguments.Count == 0 ? ["show", "on", "off"] : ["all"],
        });
        commands.Register(new CommandDefinition
        {
            Name = "lastlog",
            Usage = $"/lastlog [-limit N] TEXT",
            Help = $"Shows the lines of this buffer's logs that hold TEXT (ignoring case), the newest last: the last {DefaultLimit}, or N (at most {MaxLimit}).",
            Handler = LastLogAsync,
        });
    }

    private ValueTask Log(CommandInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var all = arguments.Count == 2 && arguments[1].Equals("all", StringComparison.OrdinalIgnoreCase);
        var action = arguments.Count == 0 ? "show" : arguments[0].ToLowerInvariant();
        if (arguments.Count > 2 || (arguments.Count == 2 && !all) || action is not ("show" or "on" or "off"))
        {
            Say(invocation, "Usage: /log [show|on|off] [all]. /log show says where this buffer is logged; /log off stops logging it, /log off all every buffer.", error: true);
            return ValueTask.CompletedTask;
        }
        var buffer = invocation.Buffer ?? currentBuffer();
        if (action != "show")
        {
            var on = action == "on";
            if (all) log.Enabled = on;
            else
            {
                log.FileOf(buffer).Logging = on;
                if (on) log.Enabled = true; // asking for this buffer's log means logging
            }
            if (!on) log.Flush(buffer);
        }
        Say(invocation, Describe(buffer), error: false);
        return ValueTask.CompletedTask;
    }

    private string Describe(string buffer)
    {
        var file = log.FileOf(buffer);
        var where = log.PathNow(buffer);
        if (!log.Enabled) return $"Logging is off for every buffer; /log on all starts it ({buffer} would be logged in {where}).";
        if (file.Logging) return $"Logging {buffer} in {where}.";
        return log.IsExcluded(buffer)
            ? $"{buffer} is not logged: modules.logger 'exclude' leaves it out. /log on logs it until the client restarts (in {where})."
            : $"{buffer} is not logged (/log off). /log on logs it again, in {where}.";
    }

    private async ValueTask LastLogAsync(CommandInvocation invocation)
    {
        var limit = DefaultLimit;
        var first = 0;
        var arguments = invocation.Arguments;
        if (arguments.Count >= 1 && arguments[0].Equals("-limit", StringComparison.OrdinalIgnoreCase))
        {
            if (arguments.Count < 2 || !int.TryParse(arguments[1], out limit) || limit < 1 || limit > MaxLimit)
            {
                Say(invocation, $"/lastlog -limit needs a number from 1 to {MaxLimit}: /lastlog -limit 100 TEXT", error: true);
                return;
            }
            first = 2;
        }
        var word = invocation.TextFrom(first);
        if (word.Length == 0)
        {
            Say(invocation, "Usage: /lastlog [-limit N] TEXT. Shows the lines of this buffer's logs that hold TEXT.", error: true);
            return;
        }
        var buffer = invocation.Buffer ?? currentBuffer();
        log.Flush(buffer);
        var folder = log.FileOf(buffer).Folder;
        IReadOnlyList<FoundLine> found;
        int total;
        try
        {
            (found, total) = await Task.Run(() => LogSearch.Find(folder, word, limit, stopping), stopping);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Say(invocation, $"/lastlog could not read the logs of {buffer} in {folder}: {ex.Message}", error: true);
            return;
        }
        if (total == 0)
        {
            Say(invocation, $"No line of {buffer}'s logs holds \"{word}\".", error: false);
            return;
        }
        Say(invocation, total > found.Count
            ? $"The last {found.Count} of {total} lines of {buffer}'s logs that hold \"{word}\":"
            : $"{total} line{(total == 1 ? "" : "s")} of {buffer}'s logs hold{(total == 1 ? "s" : "")} \"{word}\":", error: false);
        foreach (var line in found)
        {
            // A stamp without the date gets the file's name, which is its date under rotation.
            Say(invocation, line.Line.StartsWith(line.File, StringComparison.Ordinal) ? line.Line : $"{line.File} {line.Line}", error: false);
        }
    }

    private void Say(CommandInvocation invocation, string text, bool error)
    {
        log.Quiet = true;
        try
        {
            if (error) invocation.Fail(text);
            else invocation.Reply(text);
        }
        finally
        {
            log.Quiet = false;
        }
    }
}
