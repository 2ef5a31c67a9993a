using System.Text;

namespace RustIrc.Modules.Tui.Screen;

[Flags]
internal enum CellAttributes : byte
{
    None = 0,
    Bold = 1,
    Italic = 2,
    Underline = 4,
    Reverse = 8,
    Strike = 16,
}

/// <summary>
/// How a cell is drawn: colours from the 256-colour palette, or the terminal's own, and attributes.
/// The default value is the terminal's plain style (colour codes are the palette index plus one, 0 for none).
/// </summary>
internal readonly record struct CellStyle(short ForegroundCode, short BackgroundCode, CellAttributes Attributes)
{
    public static CellStyle Plain => default;

    /// <summary>A style with palette colours (0–255; null for the terminal's own).</summary>
    public static CellStyle Of(int? foreground = null, int? background = null, CellAttributes attributes = CellAttributes.None) =>
        new((short)(foreground is { } f ? f + 1 : 0), (short)(background is { } b ? b + 1 : 0), attributes);

    public int? Foreground => ForegroundCode == 0 ? null : ForegroundCode - 1;

    public int? Background => BackgroundCode == 0 ? null : BackgroundCode - 1;

    /// <summary>Appends the SGR sequence that sets exactly this style (from a reset).</summary>
    public void AppendSgr(StringBuilder output)
    {
        output.Append("\e[0");
        if ((Attributes & CellAttributes.Bold) != 0) output.Append(";1");
        if ((Attributes & CellAttributes.Italic) != 0) output.Append(";3");
        if ((Attributes & CellAttributes.Underline) != 0) output.Append(";4");
        if ((Attributes & CellAttributes.Reverse) != 0) output.Append(";7");
        if ((Attributes & CellAttributes.Strike) != 0) output.Append(";9");
        if (Foreground is { } foreground) output.Append(";38;5;").Append(foreground);
        if (Background is { } background) output.Append(";48;5;").Append(background);
        output.Append('m');
    }
}
