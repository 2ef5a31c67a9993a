using System.Text;
using RustIrc.Modules.Tui.Screen;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Tui.Views;

/// <summary>
/// The two bars: the topic above the chat, and below it the status line: the time, your nick and network,
/// the lag, the current buffer, and the numbers of the buffers with activity (irssi's <c>[Act: 2,5]</c>).
/// </summary>
internal static class StatusLineView
{
    public static readonly CellStyle BarStyle = CellStyle.Of(foreground: 15, background: 24);

    public static void DrawTopic(ScreenGrid grid, Area area, string topic)
    {
        if (area.IsEmpty) return;
        grid.Fill(area.Top, area.Left, area.Left + area.Width, BarStyle);
        grid.Write(area.Top, area.Left, topic, BarStyle, area.Left + area.Width);
    }

    public static void DrawStatus(ScreenGrid grid, Area area, ScreenState state, string clock)
    {
        if (area.IsEmpty) return;
        grid.Fill(area.Top, area.Left, area.Left + area.Width, BarStyle);
        var text = new StringBuilder().Append('[').Append(clock).Append("] ");
        if (state.Nick.Length > 0) text.Append('[').Append(state.Nick).Append(state.Network.Length > 0 ? "(" + state.Network + ")" : "").Append("] ");
        var current = state.Buffers.FirstOrDefault(b => b.Name == state.Current);
        if (current is not null) text.Append('[').Append(current.Number).Append(':').Append(current.Name).Append("] ");
        if (state.Lag is { } lag && lag >= TimeSpan.FromSeconds(1)) text.Append("[Lag: ").Append(lag.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append("] ");
        var column = grid.Write(area.Top, area.Left, text.ToString(), BarStyle, area.Left + area.Width);
        var active = state.Buffers.Where(b => b.Activity != Activity.None && b.Name != state.Current).ToArray();
        if (active.Length == 0) return;
        column = grid.Write(area.Top, column, "[Act: ", BarStyle, area.Left + area.Width);
        for (var i = 0; i < active.Length; i++)
        {
            if (i > 0) column = grid.Write(area.Top, column, ",", BarStyle, area.Left + area.Width);
            var style = BufferListView.StyleOf(active[i].Activity) with { BackgroundCode = BarStyle.BackgroundCode };
            column = grid.Write(area.Top, column, active[i].Number.ToString(System.Globalization.CultureInfo.InvariantCulture), style, area.Left + area.Width);
        }
        grid.Write(area.Top, column, "]", BarStyle, area.Left + area.Width);
    }
}
