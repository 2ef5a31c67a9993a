using RustIrc.Sdk.Commands;

namespace RustIrc.Sdk.Ui;

/// <summary>
/// The <c>/buffer</c> command every frontend offers: <c>/buffer</c> lists the buffers with their numbers
/// and activity, <c>/buffer N</c> and <c>/buffer NAME</c> switch (a name may leave out the network when
/// only one buffer has that channel or nick). An unknown name is an error, never a new empty buffer.
/// </summary>
public static class BufferCommand
{
    /// <summary>The command, switching buffers of <paramref name="ui"/>.</summary>
    public static CommandDefinition For(IUiModel ui) => new()
    {
        Name = "buffer",
        Usage = "/buffer [N|NAME]",
        Help = "Switches to buffer number N or NAME (#chan alone when one network has it), or lists the buffers.",
        Handler = invocation => Run(ui, invocation),
        Complete = _ => ui.Buffers().Select(b => b.Name),
    };

    /// <summary>The buffer <paramref name="query"/> names (a number, a full name, or a target on one network), or null.</summary>
    public static BufferInfo? Find(IReadOnlyList<BufferInfo> buffers, string query)
    {
        if (int.TryParse(query, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= buffers.Count ? buffers[number - 1] : null;
        }
        if (buffers.FirstOrDefault(b => string.Equals(b.Name, query, StringComparison.OrdinalIgnoreCase)) is { } exact) return exact;
        var byTarget = buffers.Where(b => string.Equals(BufferNames.Parse(b.Name).Target, query, StringComparison.OrdinalIgnoreCase)).Take(2).ToArray();
        return byTarget.Length == 1 ? byTarget[0] : null;
    }

    private static ValueTask Run(IUiModel ui, CommandInvocation invocation)
    {
        var buffers = ui.Buffers();
        if (invocation.Arguments.Count == 0)
        {
            for (var i = 0; i < buffers.Count; i++)
            {
                var buffer = buffers[i];
                var marker = string.Equals(buffer.Name, ui.CurrentBuffer, StringComparison.OrdinalIgnoreCase) ? "*" : " ";
                var lines = buffer.LineCount == 1 ? "1 line" : $"{buffer.LineCount} lines";
                invocation.Reply($"{marker}{i + 1,3}. {buffer.Name} ({lines}{(buffer.Activity == Activity.None ? "" : ", " + buffer.Activity.ToString().ToLowerInvariant())})");
            }
            return ValueTask.CompletedTask;
        }
        var query = invocation.Arguments[0];
        if (Find(buffers, query) is { } found)
        {
            ui.SwitchTo(found.Name);
            return ValueTask.CompletedTask;
        }
        var several = buffers.Count(b => string.Equals(BufferNames.Parse(b.Name).Target, query, StringComparison.OrdinalIgnoreCase));
        invocation.Fail(several > 1
            ? $"{several} buffers are {query}: name it with its network (network/{query}); /buffer lists them."
            : $"There is no buffer {query}; /buffer lists them (join a channel with /join, talk to someone with /query).");
        return ValueTask.CompletedTask;
    }
}
