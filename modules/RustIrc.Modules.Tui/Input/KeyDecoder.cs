using System.Text;

namespace RustIrc.Modules.Tui.Input;

/// <summary>
/// Turns the bytes a terminal sends in raw mode into key presses: UTF-8 text, control letters, the
/// xterm escape sequences for arrows, Home/End, PageUp/PageDown, Delete and their modifiers, Alt as an
/// ESC prefix, and bracketed paste. A sequence cut between two reads waits for the next one.
/// </summary>
/// <remarks>
/// A lone ESC cannot be told from the start of a sequence until more bytes come or none do: it stays
/// pending, and the caller calls <see cref="FlushPending"/> after a short quiet time to make it a key.
/// </remarks>
internal sealed class KeyDecoder
{
    // A paste longer than this is handed over in pieces rather than held without bound.
    private const int MaxPasteBytes = 1 << 20;

    private static readonly byte[] PasteEnd = "\e[201~"u8.ToArray();

    private readonly List<byte> _pending = [];
    private bool _inPaste;

    /// <summary>Whether bytes are held back, waiting for the rest of a sequence (or for a lone ESC to be flushed).</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Decodes <paramref name="bytes"/> (and what was pending) into <paramref name="keys"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<Key> keys)
    {
        _pending.AddRange(bytes);
        var input = _pending.ToArray().AsSpan();
        var at = 0;
        while (at < input.Length)
        {
            var used = _inPaste ? DecodePaste(input[at..], keys) : DecodeOne(input[at..], keys);
            if (used == 0) break; // incomplete: wait for more
            at += used;
        }
        _pending.RemoveRange(0, at);
    }

    /// <summary>Gives what is pending as keys: a lone ESC becomes Escape, a cut sequence its characters.</summary>
    public void FlushPending(List<Key> keys)
    {
        if (_pending.Count == 0) return;
        var input = _pending.ToArray();
        _pending.Clear();
        if (_inPaste)
        {
            keys.Add(new Key(KeyCode.Paste, Text: Encoding.UTF8.GetString(input)));
            return;
        }
        keys.Add(new Key(KeyCode.Escape));
        if (input.Length > 1) Feed(input.AsSpan(1), keys);
    }

    private int DecodePaste(ReadOnlySpan<byte> input, List<Key> keys)
    {
        var end = input.IndexOf(PasteEnd);
        if (end < 0)
        {
            if (input.Length < MaxPasteBytes) return 0;
            var piece = CutAtCharacter(input[..MaxPasteBytes]);
            keys.Add(new Key(KeyCode.Paste, Text: Encoding.UTF8.GetString(piece)));
            return piece.Length;
        }
        if (end > 0) keys.Add(new Key(KeyCode.Paste, Text: Encoding.UTF8.GetString(input[..end])));
        _inPaste = false;
        return end + PasteEnd.Length;
    }

    private int DecodeOne(ReadOnlySpan<byte> input, List<Key> keys)
    {
        var b = input[0];
        switch (b)
        {
            case 0x1B:
                return DecodeEscape(input, keys);
            case (byte)'\r':
                keys.Add(new Key(KeyCode.Enter));
                return input.Length > 1 && input[1] == (byte)'\n' ? 2 : 1;
            case (byte)'\n':
                keys.Add(new Key(KeyCode.Enter));
                return 1;
            case (byte)'\t':
                keys.Add(new Key(KeyCode.Tab));
                return 1;
            case 0x7F or 0x08:
                keys.Add(new Key(KeyCode.Backspace));
                return 1;
            case 0x00:
                keys.Add(Key.Control(' '));
                return 1;
            case < 0x1B:
                keys.Add(Key.Control((char)('a' + b - 1)));
                return 1;
            case 0x1D:
                keys.Add(Key.Control(']'));
                return 1;
            case 0x1F:
                keys.Add(Key.Control('_'));
                return 1;
            case < 0x20:
                return 1; // Ctrl-\ and Ctrl-^: nothing here uses them
            default:
                return DecodeText(input, keys, KeyModifiers.None);
        }
    }

    private int DecodeEscape(ReadOnlySpan<byte> input, List<Key> keys)
    {
        if (input.Length == 1) return 0;
        switch (input[1])
        {
            case (byte)'[':
                return DecodeCsi(input, keys);
            case (byte)'O':
                if (input.Length < 3) return 0;
                if (LetterKey(input[2]) is { } key) keys.Add(new Key(key));
                return 3;
            case 0x1B:
                keys.Add(new Key(KeyCode.Escape));
                return 1;
            case 0x7F or 0x08:
                keys.Add(new Key(KeyCode.Backspace, KeyModifiers.Alt));
                return 2;
            case < 0x20:
                keys.Add(Key.Control((char)('a' + input[1] - 1)) with { Modifiers = KeyModifiers.Ctrl | KeyModifiers.Alt });
                return 2;
            default:
                var used = DecodeText(input[1..], keys, KeyModifiers.Alt);
                return used == 0 ? 0 : used + 1;
        }
    }

    /// <summary><c>ESC [ params final</c>: arrows and keys with modifiers, the ~ keys, and the start of a paste.</summary>
    private int DecodeCsi(ReadOnlySpan<byte> input, List<Key> keys)
    {
        var end = 2;
        while (end < input.Length && input[end] is >= 0x30 and <= 0x3F) end++;
        if (end >= input.Length) return input.Length > 64 ? input.Length : 0; // a runaway sequence is dropped
        var final = input[end];
        var parameters = Encoding.ASCII.GetString(input[2..end]).Split(';');
        var first = int.TryParse(parameters[0], out var n) ? n : 0;
        var modifiers = parameters.Length > 1 && int.TryParse(parameters[1], out var m) ? Modifiers(m) : KeyModifiers.None;
        KeyCode? code = final switch
        {
            (byte)'Z' => KeyCode.BackTab,
            (byte)'~' => first switch
            {
                1 or 7 => KeyCode.Home,
                4 or 8 => KeyCode.End,
                3 => KeyCode.Delete,
                5 => KeyCode.PageUp,
                6 => KeyCode.PageDown,
                _ => null,
            },
            _ => LetterKey(final),
        };
        if (final == (byte)'~' && first == 200) _inPaste = true;
        else if (code is { } key) keys.Add(new Key(key, modifiers));
        return end + 1;
    }

    /// <summary>The keys both CSI and SS3 end with a letter: the arrows, Home and End.</summary>
    private static KeyCode? LetterKey(byte final) => final switch
    {
        (byte)'A' => KeyCode.Up,
        (byte)'B' => KeyCode.Down,
        (byte)'C' => KeyCode.Right,
        (byte)'D' => KeyCode.Left,
        (byte)'H' => KeyCode.Home,
        (byte)'F' => KeyCode.End,
        _ => null,
    };

    /// <summary>xterm's modifier parameter: 1 plus Shift 1, Alt 2, Ctrl 4.</summary>
    private static KeyModifiers Modifiers(int parameter)
    {
        var bits = parameter - 1;
        var modifiers = KeyModifiers.None;
        if ((bits & 1) != 0) modifiers |= KeyModifiers.Shift;
        if ((bits & 2) != 0) modifiers |= KeyModifiers.Alt;
        if ((bits & 4) != 0) modifiers |= KeyModifiers.Ctrl;
        return modifiers;
    }

    /// <summary>One UTF-8 character; 0 when its bytes have not all come yet. A broken sequence is U+FFFD.</summary>
    private static int DecodeText(ReadOnlySpan<byte> input, List<Key> keys, KeyModifiers modifiers)
    {
        var length = input[0] switch
        {
            < 0x80 => 1,
            >= 0xC2 and < 0xE0 => 2,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xF0 and < 0xF5 => 4,
            _ => -1,
        };
        if (length < 0)
        {
            keys.Add(Key.Character("\uFFFD", modifiers));
            return 1;
        }
        if (input.Length < length)
        {
            // Wait for the rest, unless what came already cannot be part of this character.
            for (var i = 1; i < input.Length; i++)
            {
                if ((input[i] & 0xC0) != 0x80) return Broken(keys, modifiers);
            }
            return 0;
        }
        for (var i = 1; i < length; i++)
        {
            if ((input[i] & 0xC0) != 0x80) return Broken(keys, modifiers);
        }
        keys.Add(Key.Character(Encoding.UTF8.GetString(input[..length]), modifiers));
        return length;

        static int Broken(List<Key> keys, KeyModifiers modifiers)
        {
            keys.Add(Key.Character("\uFFFD", modifiers));
            return 1;
        }
    }

    /// <summary>The longest start of <paramref name="bytes"/> that does not end inside a UTF-8 character.</summary>
    private static ReadOnlySpan<byte> CutAtCharacter(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80) end--;
        return end > 0 && bytes[end - 1] >= 0xC0 ? bytes[..(end - 1)] : bytes;
    }
}
