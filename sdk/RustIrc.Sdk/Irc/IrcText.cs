using System.Text;
using System.Text.Unicode;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Turns IRC bytes into text. IRC has no declared encoding: modern clients send UTF-8, older ones the
/// Windows "ANSI" code page, so bytes that are not valid UTF-8 are read as Windows-1252 instead of
/// showing replacement characters.
/// </summary>
public static class IrcText
{
    // Windows-1252 differs from Latin-1 only in 0x80-0x9F. The five bytes it leaves undefined keep their
    // Latin-1 (C1 control) meaning, as Windows itself does when converting them.
    private static ReadOnlySpan<char> HighControls =>
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    /// <summary>
    /// Decodes <paramref name="bytes"/> as UTF-8 when they are entirely valid UTF-8; otherwise decodes the
    /// whole span as Windows-1252, byte for character. Never throws and never yields U+FFFD on its own.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var b = source[i];
                chars[i] = b is >= 0x80 and <= 0x9F ? HighControls[b - 0x80] : (char)b;
            }
        });
    }
}
