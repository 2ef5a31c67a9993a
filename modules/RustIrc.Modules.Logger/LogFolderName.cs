using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace RustIrc.Modules.Logger;

/// <summary>
/// Makes one folder name out of a network, channel or nick name: readable (<c>#rustirc</c> stays
/// <c>#rustirc</c>), one path component whatever the name holds, and reversible with
/// <see cref="Uri.UnescapeDataString(string)"/> unless the name was too long.
/// </summary>
/// <remarks>
/// Threat: channel and nick names come from the server. A channel named <c>#../../x</c>, <c>..</c>, or
/// one holding <c>/</c>, <c>\</c>, NUL or terminal controls must not leave the logs folder, hide as a dot
/// file, or draw on the terminal of whoever lists the folder; a 400-byte name must not fail the file
/// system. Such characters become <c>%XX</c> (their UTF-8 bytes), and <c>%</c> itself too, so no two
/// names meet in one folder. Parentheses are always escaped, which keeps the logger's own folders
/// (<c>(server)</c>, <c>(client)</c>, <c>(empty)</c>) apart from any name.
/// </remarks>
internal static class LogFolderName
{
    /// <summary>The most UTF-8 bytes a name keeps whole; longer ones are cut and get a hash, which makes them longer still.</summary>
    public const int MaxBytes = 200;

    /// <summary>The folder of an empty name.</summary>
    public const string Empty = "(empty)";

    // C0 controls, DEL, C1 controls, bidirectional controls, path separators, the escape character itself,
    // the characters other systems refuse in file names, space, and the parentheses of our own folders.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(string.Concat(
        Range('\0', '\x1F'), Range('\x7F', '\x9F'), "\u061C", Range('\u202A', '\u202E'), Range('\u2066', '\u2069'),
        "%/\\<>:\"|?* ()"));

    /// <summary>The folder name for <paramref name="name"/>.</summary>
    public static string Escape(string name)
    {
        if (name.Length == 0) return Empty;
        if (name.AsSpan().IndexOfAny(Escaped) < 0 && name[0] != '.' && !HasSurrogate(name) && name.Length <= MaxBytes / 3) return name;

        var folder = new StringBuilder(name.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                folder.Append(c).Append(name[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                folder.Append("%EF%BF%BD"); // a lone half of a pair has no UTF-8 form: the replacement character
            }
            else if (Escaped.Contains(c) || (i == 0 && c == '.'))
            {
                var length = Encoding.UTF8.GetBytes([c], bytes);
                foreach (var b in bytes[..length]) folder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                folder.Append(c);
            }
        }
        var escaped = folder.ToString();
        return Encoding.UTF8.GetByteCount(escaped) <= MaxBytes ? escaped : Shortened(escaped, name);
    }

    /// <summary>
    /// The longest start of <paramref name="escaped"/> within <see cref="MaxBytes"/> (never cutting an escape
    /// or a character), then <c>~</c> and a hash of the whole name: always over <see cref="MaxBytes"/>, so it
    /// cannot be the name of a folder kept whole, and within the file system's 255 bytes.
    /// </summary>
    private static string Shortened(string escaped, string name)
    {
        var bytes = 0;
        var end = 0;
        while (end < escaped.Length)
        {
            var step = escaped[end] == '%' ? 3 : char.IsHighSurrogate(escaped[end]) ? 2 : 1;
            var size = step == 3 ? 3 : Encoding.UTF8.GetByteCount(escaped.AsSpan(end, step));
            if (bytes + size > MaxBytes) break;
            bytes += size;
            end += step;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return string.Concat(escaped.AsSpan(0, end), "~", Convert.ToHexStringLower(hash, 0, 8));
    }

    private static bool HasSurrogate(string name)
    {
        foreach (var c in name)
        {
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    private static string Range(char first, char last)
    {
        var chars = new char[last - first + 1];
        for (var i = 0; i < chars.Length; i++) chars[i] = (char)(first + i);
        return new string(chars);
    }
}
