using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;

namespace RustIrc.Sdk.Ui;

/// <summary>
/// What every frontend does with a line the user typed, so that they all behave alike: <c>/command</c> runs
/// the command, <c>//text</c> sends text that starts with a slash, and other text is input for the current
/// buffer (an <see cref="InputEvent"/>, a login to services masked for onlookers).
/// </summary>
public static class TypedLine
{
    /// <summary>Runs or sends <paramref name="line"/> typed in <paramref name="buffer"/>; replies and errors go to <paramref name="output"/>.</summary>
    public static async ValueTask SubmitAsync(IModuleContext context, string line, string buffer, ICommandOutput output)
    {
        if (line.Length == 0) return;
        if (line.StartsWith('/') && !line.StartsWith("//", StringComparison.Ordinal))
        {
            await context.Commands.ExecuteAsync(line, buffer, output);
            return;
        }
        var text = line.StartsWith("//", StringComparison.Ordinal) ? line[1..] : line;
        // Buffers are named network/target: text typed to a services bot may be a login.
        var input = IrcCredentials.WithLoginMasked(new InputEvent { Buffer = buffer, Text = text }, BufferNames.Parse(buffer).Target ?? buffer);
        if (context.Events.Publish(input) == EventResult.Continue)
        {
            output.Write("Nothing here takes text: connect to a network and join a channel first (/help lists commands), or start the line with / for a command.", LineKind.Error);
        }
    }
}
