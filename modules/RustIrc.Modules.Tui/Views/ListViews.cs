using RustIrc.Modules.Tui.Screen;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Tui.Views;

/// <summary>A buffer as the buffer list shows it.</summary>
internal sealed record BufferEntry(int Number, string Name, Activity Activity);

/// <summary>The numbered buffer list on the left, its current buffer in reverse and the others coloured by activity.</summary>
internal static class BufferListView
{
    public static void Draw(ScreenGrid grid, Area area, IReadOnlyList<BufferEntry> buffers, string current)
    {
        if (area.IsEmpty) return;
        for (var row = area.Top; row < area.Top + area.Height; row++) grid.Fill(row, area.Left, area.Left + area.Width, CellStyle.Plain);
        // The current buffer stays in sight when there are more buffers than rows.
        var currentIndex = Math.Max(0, buffers.ToList().FindIndex(b => b.Name == current));
        var first = Math.Clamp(currentIndex - area.Height + 1, 0, Math.Max(0, buffers.Count - area.Height));
        for (var i = 0; i < area.Height && first + i < buffers.Count; i++)
        {
            var buffer = buffers[first + i];
            var style = buffer.Name == current ? CellStyle.Of(attributes: CellAttributes.Reverse) : StyleOf(buffer.Activity);
            grid.Write(area.Top + i, area.Left, $"{buffer.Number,2}.{buffer.Name}", style, area.Left + area.Width);
        }
    }

    public static CellStyle StyleOf(Activity activity) => activity switch
    {
        Activity.Highlight => CellStyle.Of(foreground: 13, attributes: CellAttributes.Bold),
        Activity.Messages => CellStyle.Of(foreground: 11),
        Activity.Events => CellStyle.Of(foreground: 8),
        _ => CellStyle.Plain,
    };
}

/// <summary>The channel's members on the right, with their prefixes (@, +), as many as fit.</summary>
internal static class NickListView
{
    public static void Draw(ScreenGrid grid, Area area, IReadOnlyList<string> members)
    {
        if (area.IsEmpty) return;
        for (var row = area.Top; row < area.Top + area.Height; row++) grid.Fill(row, area.Left, area.Left + area.Width, CellStyle.Plain);
        var shown = members.Count > area.Height ? area.Height - 1 : members.Count;
        for (var i = 0; i < shown; i++) grid.Write(area.Top + i, area.Left, members[i], NickColours.StyleOf(members[i].TrimStart('@', '%', '+', '~', '&')), area.Left + area.Width);
        if (shown < members.Count) grid.Write(area.Top + shown, area.Left, $"+{members.Count - shown} more", CellStyle.Of(foreground: 8), area.Left + area.Width);
    }
}
