using System.Buffers;
using System.Text;

namespace RustIrc.Sdk.Ui;

/// <summary>
/// Text made safe to write to a terminal: every control character and escape sequence taken out, and IRC
/// formatting (mIRC bold, colours, …) either dropped or drawn with ANSI colours. Frontends that write to a
/// terminal pass every line through here, whoever wrote it.
/// </summary>
/// <remarks>
/// Threat: IRC text, a script's <c>print</c> and a script's metadata come from people the user does not
/// control. Written raw, <c>ESC[2J</c> clears the screen, <c>ESC]0;…BEL</c> sets the window title,
/// <c>ESC]52;…</c> writes the clipboard, a carriage return or <c>ESC[2K</c> overwrites what a line showed
/// (a forged <c>[status]</c> line, a grant hidden in a list), and C1 controls (U+0080–U+009F) do the same
/// on terminals that read them. Bidirectional overrides (U+202A–U+202E, U+2066–U+2069) reorder what
/// follows them, so they go too. Tabs stay; a line break becomes a space.
/// </remarks>
public static class TerminalText
{
    // C0 controls, DEL, C1 controls, the Arabic letter mark and the bidirectional embeddings, overrides and isolates.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        string.Concat(Range('\0', '\x1F'), Range('\x7F', '\x9F'), "\u061C", Range('\u202A', '\u202E'), Range('\u2066', '\u2069')));

    /// <summary><paramref name="text"/> without controls, escape sequences and IRC formatting; the same string when it holds none.</summary>
    public static string Clean(string text) => Render(text, ansi: false);

    /// <summary>
    /// Whether <paramref name="text"/> holds nothing <see cref="Clean"/> would change, so it may be written
    /// as it is: a writer of many lines (a chat log) makes a cleaned string only for the few that need one.
    /// </summary>
    public static bool IsClean(ReadOnlySpan<char> text) => text.IndexOfAny(Special) < 0;

    /// <summary><paramref name="text"/> with IRC formatting drawn as ANSI (SGR) sequences and every other control taken out.</summary>
    public static string ToAnsi(string text) => Render(text, ansi: true);

    /// <summary>
    /// Writes <paramref name="text"/> and a line end to <paramref name="writer"/>, cleaned (or with IRC
    /// formatting in ANSI colours when <paramref name="ansi"/>), without making a new string: a terminal
    /// frontend writes every line of a flood through here.
    /// </summary>
    public static void WriteLine(TextWriter writer, string text, bool ansi) => WriteLine(writer, text.AsSpan(), ansi);

    /// <summary>The same as <see cref="WriteLine(TextWriter, string, bool)"/>, for a line put together in a frontend's own buffer.</summary>
    public static void WriteLine(TextWriter writer, ReadOnlySpan<char> text, bool ansi)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var first = text.IndexOfAny(Special);
        if (first < 0)
        {
            writer.WriteLine(text);
            return;
        }
        var output = new CharSink(stackalloc char[256]);
        Render(text, first, ansi, ref output);
        writer.Write(output.Written);
        writer.WriteLine();
        output.Dispose();
    }

    private static string Render(string text, bool ansi)
    {
        var first = text.AsSpan().IndexOfAny(Special);
        if (first < 0) return text;
        var output = new CharSink(stackalloc char[256]);
        Render(text, first, ansi, ref output);
        var rendered = output.Written.ToString();
        output.Dispose();
        return rendered;
    }

    /// <summary>Renders <paramref name="text"/>, whose first special character is at <paramref name="first"/>, into <paramref name="output"/>.</summary>
    private static void Render(ReadOnlySpan<char> text, int first, bool ansi, ref CharSink output)
    {
        output.Append(text[..first]);
        var wanted = default(Style);
        var drawn = default(Style);
        var i = first;
        while (i < text.Length)
        {
            var c = text[i];
            if (!Special.Contains(c))
            {
                var run = text[i..].IndexOfAny(Special);
                var end = run < 0 ? text.Length : i + run;
                if (ansi && wanted != drawn)
                {
                    output.Append(wanted.Sgr());
                    drawn = wanted;
                }
                output.Append(text[i..end]);
                i = end;
                continue;
            }
            i++;
            switch (c)
            {
                case '\t': output.Append('\t'); break;
                case '\n' or '\r': output.Append(' '); break;
                case '\x1B': i = EscapeSequenceEnd(text, i); break;
                case '\x9B': i = ControlSequenceEnd(text, i); break;
                case '\x90' or '\x98' or '\x9D' or '\x9E' or '\x9F': i = ControlStringEnd(text, i); break;
                case '\x02': wanted = wanted with { Bold = !wanted.Bold }; break;
                case '\x1D': wanted = wanted with { Italic = !wanted.Italic }; break;
                case '\x1F': wanted = wanted with { Underline = !wanted.Underline }; break;
                case '\x1E': wanted = wanted with { Strike = !wanted.Strike }; break;
                case '\x16': wanted = wanted with { Reverse = !wanted.Reverse }; break;
                case '\x0F': wanted = default; break;
                case '\x03': i = IrcColours.ReadNumbered(text, i, ref wanted); break;
                case '\x04': i = IrcColours.ReadHex(text, i, ref wanted); break;
                default: break; // any other control (monospace 0x11 included) is dropped
            }
        }
        if (ansi && drawn != default(Style)) output.Append(Style.ResetSgr);
    }

    /// <summary>Where an escape sequence whose ESC was just before <paramref name="i"/> ends.</summary>
    private static int EscapeSequenceEnd(ReadOnlySpan<char> text, int i)
    {
        if (i >= text.Length) return i;
        var c = text[i];
        if (c == '[') return ControlSequenceEnd(text, i + 1);
        if (c is ']' or 'P' or 'X' or '^' or '_') return ControlStringEnd(text, i + 1);
        while (i < text.Length && text[i] is >= '\x20' and <= '\x2F') i++; // intermediate bytes
        return i < text.Length && text[i] is >= '\x30' and <= '\x7E' ? i + 1 : i;
    }

    /// <summary>Where a control sequence (CSI: parameters, intermediates, one final byte) starting at <paramref name="i"/> ends.</summary>
    private static int ControlSequenceEnd(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is >= '\x20' and <= '\x3F') i++;
        return i < text.Length && text[i] is >= '\x40' and <= '\x7E' ? i + 1 : i;
    }

    /// <summary>Where a control string (OSC, DCS, APC, …) starting at <paramref name="i"/> ends: after BEL, ESC \ or ST, or at the end.</summary>
    private static int ControlStringEnd(ReadOnlySpan<char> text, int i)
    {
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\x07' or '\x9C') return i + 1;
            if (c == '\x1B') return i + 1 < text.Length && text[i + 1] == '\\' ? i + 2 : i + 1;
        }
        return i;
    }

    private static string Range(char from, char to)
    {
        var chars = new char[to - from + 1];
        for (var c = from; c <= to; c++) chars[c - from] = c;
        return new string(chars);
    }

    /// <summary>The IRC formatting in effect, and the ANSI select-graphic-rendition sequence that draws it.</summary>
    internal readonly record struct Style(bool Bold, bool Italic, bool Underline, bool Strike, bool Reverse, string? Foreground, string? Background)
    {
        public const string ResetSgr = "\x1B[0m";

        public string Sgr()
        {
            if (this == default) return ResetSgr;
            var sgr = new StringBuilder("\x1B[0");
            if (Bold) sgr.Append(";1");
            if (Italic) sgr.Append(";3");
            if (Underline) sgr.Append(";4");
            if (Reverse) sgr.Append(";7");
            if (Strike) sgr.Append(";9");
            if (Foreground is not null) sgr.Append(';').Append(Foreground);
            if (Background is not null) sgr.Append(';').Append(Background);
            return sgr.Append('m').ToString();
        }
    }

    /// <summary>Characters written into a stack buffer first, then into pooled arrays as they outgrow it.</summary>
    private ref struct CharSink(Span<char> initial)
    {
        private Span<char> _chars = initial;
        private char[]? _rented;
        private int _length;

        public readonly ReadOnlySpan<char> Written => _chars[.._length];

        public void Append(char c)
        {
            if (_length == _chars.Length) Grow(1);
            _chars[_length++] = c;
        }

        public void Append(ReadOnlySpan<char> text)
        {
            if (_length + text.Length > _chars.Length) Grow(text.Length);
            text.CopyTo(_chars[_length..]);
            _length += text.Length;
        }

        public void Dispose()
        {
            if (_rented is not null) ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }

        private void Grow(int more)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
            _chars[.._length].CopyTo(bigger);
            if (_rented is not null) ArrayPool<char>.Shared.Return(_rented);
            _chars = _rented = bigger;
        }
    }
}
