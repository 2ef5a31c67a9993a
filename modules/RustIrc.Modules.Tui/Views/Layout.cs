namespace RustIrc.Modules.Tui.Views;

/// <summary>A rectangle of the screen: its top row, left column, height and width.</summary>
internal readonly record struct Area(int Top, int Left, int Height, int Width)
{
    public bool IsEmpty => Height <= 0 || Width <= 0;
}

/// <summary>
/// Where each part of the screen goes for a terminal size: the topic on the first row, the status line
/// and the input line at the bottom, the buffer list on the left, the nick list on the right (for a
/// channel), the chat between them. On a narrow terminal the lists go first, so the chat keeps its room.
/// </summary>
internal sealed record Layout(Area Topic, Area BufferList, Area Chat, Area NickList, Area Status, Area Input)
{
    public const int BufferListWidth = 18;
    public const int NickListWidth = 16;

    // Below these widths a list takes more from the chat than it gives.
    private const int MinimumChatWidth = 40;

    public static Layout For(int width, int height, bool showNickList)
    {
        width = Math.Max(1, width);
        height = Math.Max(3, height);
        var middle = height - 3;
        var bufferList = width - BufferListWidth - 1 >= MinimumChatWidth ? BufferListWidth : 0;
        var nickList = showNickList && width - bufferList - NickListWidth - 2 >= MinimumChatWidth ? NickListWidth : 0;
        var chatLeft = bufferList == 0 ? 0 : bufferList + 1;
        var chatWidth = width - chatLeft - (nickList == 0 ? 0 : nickList + 1);
        return new Layout(
            Topic: new Area(0, 0, 1, width),
            BufferList: new Area(1, 0, middle, bufferList),
            Chat: new Area(1, chatLeft, middle, chatWidth),
            NickList: new Area(1, width - nickList, middle, nickList),
            Status: new Area(height - 2, 0, 1, width),
            Input: new Area(height - 1, 0, 1, width));
    }
}
