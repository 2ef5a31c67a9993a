using System.Globalization;
using RustIrc.Modules.Tui.Screen;

namespace RustIrc.Modules.Tui.Views;

/// <summary>
/// Draws text with its mIRC formatting codes (bold, colours, italic, underline, reverse, strike, reset) as
/// cell styles. The codes themselves take no cell, so a line wraps the same with or without them.
/// </summary>
internal static class IrcStyledText
{
    // mIRC's sixteen colours in the terminal's palette.
    private static readonly short[] Palette = [15, 0, 4, 2, 9, 1, 5, 3, 11, 10, 6, 14, 12, 13, 8, 7];

    /// <summary>
    /// Writes <paramref name="text"/>[start..start+length] at a row, in the style the codes before
    /// <paramref name="start"/> left on top of <paramref name="baseStyle"/>. Returns the column after it.
    /// </summary>
    public static int Write(ScreenGrid grid, int row, int column, string text, int start, int length, CellStyle baseStyle, int limit, TextAccent? accent = null)
    {
        var style = baseStyle;
        var at = 0;
        while (at < start) at = Step(text, at, baseStyle, ref style);
        var end = start + length;
        while (at < end && column < limit)
        {
            if (IsCode(text[at]))
            {
                at = Step(text, at, baseStyle, ref style);
                continue;
            }
            var element = StringInfo.GetNextTextElementLength(text, at);
            var shown = accent is { } a && at >= a.Start && at < a.Start + a.Length && style == baseStyle ? a.Style : style;
            column = grid.Write(row, column, text.AsSpan(at, Math.Min(element, end - at)), shown, limit);
            at += element;
        }
        return column;
    }

    /// <summary>How many characters the formatting code at <paramref name="at"/> takes (0 when none starts there), so wrapping can skip it.</summary>
    public static int CodeLength(string text, int at)
    {
        if (!IsCode(text[at])) return 0;
        var style = CellStyle.Plain;
        return Step(text, at, CellStyle.Plain, ref style) - at;
    }

    private static bool IsCode(char c) => c is '\x02' or '\x03' or '\x04' or '\x0f' or '\x11' or '\x16' or '\x1d' or '\x1e' or '\x1f';

    /// <summary>Moves past one character or one formatting code (changing <paramref name="style"/>); returns the next index.</summary>
    private static int Step(string text, int at, CellStyle baseStyle, ref CellStyle style)
    {
        switch (text[at])
        {
            case '\x02': style = Toggle(style, CellAttributes.Bold); return at + 1;
            case '\x1d': style = Toggle(style, CellAttributes.Italic); return at + 1;
            case '\x1f': style = Toggle(style, CellAttributes.Underline); return at + 1;
            case '\x16': style = Toggle(style, CellAttributes.Reverse); return at + 1;
            case '\x1e': style = Toggle(style, CellAttributes.Strike); return at + 1;
            case '\x0f': style = baseStyle; return at + 1;
            case '\x11': return at + 1;
            case '\x04': return SkipHexColour(text, at + 1);
            case '\x03': return Colour(text, at + 1, baseStyle, ref style);
            default: return at + 1;
        }
    }

    private static CellStyle Toggle(CellStyle style, CellAttributes attribute) => style with { Attributes = style.Attributes ^ attribute };

    /// <summary>^C with up to two digits of foreground and optionally a comma and two of background; a bare ^C ends colour.</summary>
    private static int Colour(string text, int at, CellStyle baseStyle, ref CellStyle style)
    {
        var foreground = Digits(text, ref at);
        if (foreground is null)
        {
            style = style with { ForegroundCode = baseStyle.ForegroundCode, BackgroundCode = baseStyle.BackgroundCode };
            return at;
        }
        style = style with { ForegroundCode = CodeOf(foreground.Value, baseStyle.ForegroundCode) };
        if (at + 1 < text.Length && text[at] == ',' && char.IsAsciiDigit(text[at + 1]))
        {
            at++;
            style = style with { BackgroundCode = CodeOf(Digits(text, ref at)!.Value, baseStyle.BackgroundCode) };
        }
        return at;
    }

    private static int? Digits(string text, ref int at)
    {
        if (at >= text.Length || !char.IsAsciiDigit(text[at])) return null;
        var value = text[at++] - '0';
        if (at < text.Length && char.IsAsciiDigit(text[at])) value = value * 10 + (text[at++] - '0');
        return value;
    }

    /// <summary>A colour past the sixteen (or 99, "default") leaves the base colour.</summary>
    private static short CodeOf(int mirc, short fallback) => mirc < Palette.Length ? (short)(Palette[mirc] + 1) : fallback;

    private static int SkipHexColour(string text, int at)
    {
        var hex = 0;
        while (at < text.Length && hex < 6 && char.IsAsciiHexDigit(text[at])) { at++; hex++; }
        if (hex == 6 && at + 1 < text.Length && text[at] == ',' && char.IsAsciiHexDigit(text[at + 1]))
        {
            at++;
            hex = 0;
            while (at < text.Length && hex < 6 && char.IsAsciiHexDigit(text[at])) { at++; hex++; }
        }
        return at;
    }
}
