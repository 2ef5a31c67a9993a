using System.Globalization;

namespace RustIrc.Sdk.Ui;

/// <summary>Reads IRC colour codes (mIRC's numbered 0x03 and the hex 0x04) and names the ANSI colour each stands for.</summary>
internal static class IrcColours
{
    // mIRC's 16 basic colours as ANSI foreground codes (background is +10): white, black, navy, green,
    // red, maroon, purple, orange, yellow, light green, teal, cyan, blue, pink, grey, light grey.
    private static readonly int[] Basic = [97, 30, 34, 32, 91, 31, 35, 33, 93, 92, 36, 96, 94, 95, 90, 37];

    // mIRC's extended colours 16–98 as the nearest of the 256 xterm colours.
    private static readonly int[] Extended =
    [
        52, 94, 100, 58, 22, 29, 23, 24, 17, 54, 53, 89,
        88, 130, 142, 64, 28, 35, 30, 25, 18, 91, 90, 125,
        124, 166, 184, 106, 34, 49, 37, 33, 19, 129, 127, 161,
        196, 208, 226, 154, 46, 86, 51, 75, 21, 171, 201, 198,
        203, 215, 227, 191, 83, 122, 87, 111, 63, 177, 207, 205,
        217, 223, 229, 193, 157, 158, 159, 153, 147, 183, 219, 212,
        16, 233, 235, 237, 239, 241, 244, 247, 250, 254, 231,
    ];

    /// <summary>
    /// Reads <c>[fg[,bg]]</c> (one or two digits each) after a 0x03 that was just before <paramref name="i"/>
    /// and returns where the text goes on. A bare 0x03 resets both colours; 99 is the terminal's default.
    /// </summary>
    public static int ReadNumbered(ReadOnlySpan<char> text, int i, ref TerminalText.Style style)
    {
        if (!TryDigits(text, ref i, out var foreground))
        {
            style = style with { Foreground = null, Background = null };
            return i;
        }
        style = style with { Foreground = Numbered(foreground, background: false) };
        if (i + 1 < text.Length && text[i] == ',' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            TryDigits(text, ref i, out var background);
            style = style with { Background = Numbered(background, background: true) };
        }
        return i;
    }

    /// <summary>Reads <c>[RRGGBB[,RRGGBB]]</c> after a 0x04 that was just before <paramref name="i"/>; a bare 0x04 resets both colours.</summary>
    public static int ReadHex(ReadOnlySpan<char> text, int i, ref TerminalText.Style style)
    {
        if (!TryHex(text, i, out var foreground))
        {
            style = style with { Foreground = null, Background = null };
            return i;
        }
        i += 6;
        style = style with { Foreground = "38;2;" + foreground };
        if (i < text.Length && text[i] == ',' && TryHex(text, i + 1, out var background))
        {
            i += 7;
            style = style with { Background = "48;2;" + background };
        }
        return i;
    }

    private static string? Numbered(int colour, bool background) => colour switch
    {
        < 16 => (Basic[colour] + (background ? 10 : 0)).ToString(CultureInfo.InvariantCulture),
        < 99 => (background ? "48;5;" : "38;5;") + Extended[colour - 16].ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryDigits(ReadOnlySpan<char> text, ref int i, out int value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && i - start < 2 && char.IsAsciiDigit(text[i])) value = value * 10 + (text[i++] - '0');
        return i > start;
    }

    /// <summary>Six hex digits at <paramref name="i"/> as <c>r;g;b</c>.</summary>
    private static bool TryHex(ReadOnlySpan<char> text, int i, out string rgb)
    {
        rgb = "";
        if (i + 6 > text.Length || !int.TryParse(text.Slice(i, 6), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        rgb = $"{(value >> 16) & 0xFF};{(value >> 8) & 0xFF};{value & 0xFF}";
        return true;
    }
}
