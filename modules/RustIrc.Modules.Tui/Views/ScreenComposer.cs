using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>Draws a whole frame from a <see cref="ScreenState"/> and the input line, for a terminal size.</summary>
internal static class ScreenComposer
{
    /// <summary>The frame; <paramref name="rowsInChat"/> is how many rows all the current buffer's lines take (to bound scrolling).</summary>
    public static ScreenGrid Compose(ScreenState state, LineEditor input, int width, int height, string clock, out int rowsInChat)
    {
        var grid = new ScreenGrid(width, height);
        Compose(grid, state, input, clock, out rowsInChat);
        return grid;
    }

    /// <summary>Draws the frame into <paramref name="grid"/>, reused from frame to frame.</summary>
    public static void Compose(ScreenGrid grid, ScreenState state, LineEditor input, string clock, out int rowsInChat)
    {
        grid.Clear();
        var layout = Layout.For(grid.Width, grid.Height, state.Members is not null);
        StatusLineView.DrawTopic(grid, layout.Topic, state.Topic);
        BufferListView.Draw(grid, layout.BufferList, state.Buffers, state.Current);
        rowsInChat = ChatView.Draw(grid, layout.Chat.Top, layout.Chat.Left, layout.Chat.Height, layout.Chat.Width, state.Lines, state.ScrollBack);
        if (state.Members is { } members) NickListView.Draw(grid, layout.NickList, members);
        StatusLineView.DrawStatus(grid, layout.Status, state, clock);
        if (state.Question is { } question) InputView.Draw(grid, layout.Input.Top, layout.Input.Width, question + " ", new LineEditor());
        else InputView.Draw(grid, layout.Input.Top, layout.Input.Width, state.Prompt ?? $"[{state.Current}] ", input);
    }
}
