using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>A colour per nick, the same every time for the same nick, so a conversation is easy to follow.</summary>
internal static class NickColours
{
    // Readable on dark and light backgrounds alike: no black, white, grey or dark blue.
    private static readonly int[] Palette = [1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14, 208];

    public static CellStyle StyleOf(string nick)
    {
        var hash = 0u;
        foreach (var c in nick) hash = hash * 31 + char.ToLowerInvariant(c);
        return CellStyle.Of(foreground: Palette[hash % (uint)Palette.Length]);
    }
}
