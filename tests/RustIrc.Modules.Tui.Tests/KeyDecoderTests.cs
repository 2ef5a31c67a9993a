using System.Text;
using RustIrc.Modules.Tui.Input;

namespace RustIrc.Modules.Tui.Tests;

public sealed class KeyDecoderTests
{
    private static List<Key> Decode(params string[] reads)
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        foreach (var read in reads) decoder.Feed(Encoding.Latin1.GetBytes(read), keys);
        return keys;
    }

    private static List<Key> DecodeUtf8(params byte[][] reads)
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        foreach (var read in reads) decoder.Feed(read, keys);
        return keys;
    }

    [Fact]
    public void Feed_TextInUtf8_OneCharacterKeyEach()
    {
        var keys = DecodeUtf8("hé€😀"u8.ToArray());

        Assert.Equal(["h", "é", "€", "😀"], keys.Select(k => k.Text));
        Assert.All(keys, k => Assert.Equal(KeyCode.Char, k.Code));
    }

    [Fact]
    public void Feed_CharacterSplitBetweenReads_WaitsAndDecodesItWhole()
    {
        var bytes = "€"u8.ToArray();

        var keys = DecodeUtf8(bytes[..1], bytes[1..2], bytes[2..]);

        Assert.Equal([Key.Character("€")], keys);
    }

    [Fact]
    public void Feed_BrokenUtf8_ReplacementCharacterAndGoesOn()
    {
        var keys = DecodeUtf8([0xC3, (byte)'a', 0xFF, (byte)'b']);

        Assert.Equal(["\uFFFD", "a", "\uFFFD", "b"], keys.Select(k => k.Text));
    }

    [Theory]
    [InlineData("\r", KeyCode.Enter)]
    [InlineData("\n", KeyCode.Enter)]
    [InlineData("\r\n", KeyCode.Enter)]
    [InlineData("\t", KeyCode.Tab)]
    [InlineData("\x7f", KeyCode.Backspace)]
    [InlineData("\b", KeyCode.Backspace)]
    [InlineData("\e[A", KeyCode.Up)]
    [InlineData("\e[B", KeyCode.Down)]
    [InlineData("\e[C", KeyCode.Right)]
    [InlineData("\e[D", KeyCode.Left)]
    [InlineData("\eOA", KeyCode.Up)]
    [InlineData("\eOD", KeyCode.Left)]
    [InlineData("\e[H", KeyCode.Home)]
    [InlineData("\e[1~", KeyCode.Home)]
    [InlineData("\e[7~", KeyCode.Home)]
    [InlineData("\eOH", KeyCode.Home)]
    [InlineData("\e[F", KeyCode.End)]
    [InlineData("\e[4~", KeyCode.End)]
    [InlineData("\e[8~", KeyCode.End)]
    [InlineData("\e[3~", KeyCode.Delete)]
    [InlineData("\e[5~", KeyCode.PageUp)]
    [InlineData("\e[6~", KeyCode.PageDown)]
    [InlineData("\e[Z", KeyCode.BackTab)]
    public void Feed_KeySequence_OneKey(string bytes, object expected)
    {
        var key = Assert.Single(Decode(bytes));

        Assert.Equal(new Key((KeyCode)expected), key);
    }

    [Theory]
    [InlineData("\e[1;3D", KeyCode.Left, KeyModifiers.Alt)]
    [InlineData("\e[1;3C", KeyCode.Right, KeyModifiers.Alt)]
    [InlineData("\e[1;5C", KeyCode.Right, KeyModifiers.Ctrl)]
    [InlineData("\e[1;2A", KeyCode.Up, KeyModifiers.Shift)]
    [InlineData("\e[5;5~", KeyCode.PageUp, KeyModifiers.Ctrl)]
    [InlineData("\e\x7f", KeyCode.Backspace, KeyModifiers.Alt)]
    public void Feed_KeyWithModifiers_ModifiersDecoded(string bytes, object code, object modifiers)
    {
        Assert.Equal(new Key((KeyCode)code, (KeyModifiers)modifiers), Assert.Single(Decode(bytes)));
    }

    [Theory]
    [InlineData("\x01", 'a')]
    [InlineData("\x05", 'e')]
    [InlineData("\x0b", 'k')]
    [InlineData("\x0c", 'l')]
    [InlineData("\x15", 'u')]
    [InlineData("\x17", 'w')]
    public void Feed_ControlLetter_CtrlKey(string bytes, char letter)
    {
        Assert.Equal(Key.Control(letter), Assert.Single(Decode(bytes)));
    }

    [Fact]
    public void Feed_AltDigit_DigitWithAlt()
    {
        Assert.Equal(Key.Character("2", KeyModifiers.Alt), Assert.Single(Decode("\e2")));
    }

    [Fact]
    public void Feed_LoneEscape_PendingUntilFlushed()
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();

        decoder.Feed("\e"u8, keys);
        Assert.Empty(keys);
        Assert.True(decoder.HasPending);
        decoder.FlushPending(keys);

        Assert.Equal([new Key(KeyCode.Escape)], keys);
        Assert.False(decoder.HasPending);
    }

    [Fact]
    public void Feed_SequenceSplitBetweenReads_OneKey()
    {
        Assert.Equal([new Key(KeyCode.Left, KeyModifiers.Alt)], Decode("\e[1", ";3", "D"));
    }

    [Fact]
    public void Feed_TwoEscapesThenArrow_EscapeThenArrow()
    {
        Assert.Equal([new Key(KeyCode.Escape), new Key(KeyCode.Up)], Decode("\e\e[A"));
    }

    [Fact]
    public void Feed_BracketedPaste_OnePasteKeyWithTheTextAsItCame()
    {
        var keys = Decode("a\e[200~line one\rline two\e[201~b");

        Assert.Equal([Key.Character("a"), new Key(KeyCode.Paste, Text: "line one\rline two"), Key.Character("b")], keys);
    }

    [Fact]
    public void Feed_PasteHoldingKeySequences_TheyStayText()
    {
        // Pasted text must not act as keys: no Enter, no arrows, no Ctrl-U clearing the line.
        var keys = Decode("\e[200~/quit\r\e[A\x15", "more\e[201~");

        var paste = Assert.Single(keys);
        Assert.Equal(new Key(KeyCode.Paste, Text: "/quit\r\e[A\x15more"), paste);
    }

    [Fact]
    public void Feed_PasteEndSplitBetweenReads_StillEnds()
    {
        Assert.Equal([new Key(KeyCode.Paste, Text: "x"), Key.Character("y")], Decode("\e[200~x\e[20", "1~y"));
    }

    [Fact]
    public void Feed_RunawayControlSequence_DroppedAndInputGoesOn()
    {
        var keys = Decode("\e[" + new string('1', 100), "x");

        Assert.Equal([Key.Character("x")], keys);
    }
}
