using RustIrc.Sdk.Ui;

namespace RustIrc.Sdk.Tests;

/// <summary>Text on its way to a terminal: every control out, IRC formatting dropped or drawn in ANSI colours.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, ça va → 🙂", "plain text, ça va → 🙂")]
    [InlineData("a\u001B[2Jb", "ab")]                           // clear screen
    [InlineData("a\u001B[38;5;196mb", "ab")]                    // CSI with parameters
    [InlineData("a\u001B]0;title\u0007b", "ab")]                // window title, ended by BEL
    [InlineData("a\u001B]52;c;aGVsbG8=\u001B\\b", "ab")]        // clipboard write, ended by ST
    [InlineData("a\u001B]0;never ends", "a")]                   // an unended string swallows the rest, never leaks it
    [InlineData("a\u001BPq#0;2;0;0;0\u001B\\b", "ab")]          // DCS (sixel)
    [InlineData("a\u001B_payload\u009Cb", "ab")]                // APC ended by a C1 ST
    [InlineData("a\u001B7b\u001B8c", "abc")]                    // save and restore the cursor
    [InlineData("a\u001B(0b", "ab")]                            // charset switch (an intermediate byte)
    [InlineData("a\u009B2Jb", "ab")]                            // C1 CSI
    [InlineData("a\u009D0;title\u0007b", "ab")]                 // C1 OSC
    [InlineData("a\u0085b\u0086c", "abc")]                      // other C1 controls
    [InlineData("a\rb", "a b")]
    [InlineData("a\nb", "a b")]
    [InlineData("a\bb\u007Fc\u0007d", "abcd")]                  // backspace, DEL, bell
    [InlineData("a\tb", "a\tb")]
    [InlineData("x\u202Eevil\u202Cy\u2066z\u2069", "xevilyz")]  // bidirectional overrides and isolates
    [InlineData("\u000304,01red\u000F \u0002bold\u0002 \u001Fu\u001F \u001Di\u001D \u0016r\u0016 \u001Es\u001E", "red bold u i r s")]
    [InlineData("\u00033,x", ",x")]                             // a comma without a digit after it is text
    [InlineData("\u0003123", "3")]                              // two digits at most
    [InlineData("\u0004FF0000red\u0004 \u0004nothex", "red nothex")] // hex colour, and a bare one
    public void Clean_HostileAndFormattedText_LeavesOnlyWhatIsShown(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Clean(text));
    }

    [Fact]
    public void Clean_TextWithNothingToTakeOut_IsTheSameString()
    {
        var text = "[#rustirc] <alice> hello";
        Assert.Same(text, TerminalText.Clean(text));
        Assert.Same(text, TerminalText.ToAnsi(text));
    }

    [Theory]
    [InlineData("\u000304red\u0003 plain", "\u001B[0;91mred\u001B[0m plain")]
    [InlineData("\u000304,01red", "\u001B[0;91;40mred\u001B[0m")]
    [InlineData("\u000352x", "\u001B[0;38;5;196mx\u001B[0m")]       // the extended colours 16–98
    [InlineData("\u000399x", "x")]                                  // 99: the terminal's default
    [InlineData("\u0004FF8000x", "\u001B[0;38;2;255;128;0mx\u001B[0m")]
    [InlineData("\u0002b\u001Di\u000F n", "\u001B[0;1mb\u001B[0;1;3mi\u001B[0m n")]
    [InlineData("\u0002\u0002x", "x")]                              // toggled on and off before any text: nothing drawn
    [InlineData("\u0002x\u001B]0;t\u0007y", "\u001B[0;1mxy\u001B[0m")] // still no other sequence
    public void ToAnsi_IrcFormatting_DrawnAsSgrAndResetAtTheEnd(string text, string drawn)
    {
        Assert.Equal(drawn, TerminalText.ToAnsi(text));
    }
}
