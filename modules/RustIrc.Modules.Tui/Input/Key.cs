namespace RustIrc.Modules.Tui.Input;

/// <summary>What a key press is, once the terminal's bytes are decoded.</summary>
internal enum KeyCode
{
    /// <summary>A character typed (<see cref="Key.Text"/>), or a control letter with <see cref="KeyModifiers.Ctrl"/>.</summary>
    Char,
    Enter,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Escape,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// <summary>Text pasted in one go (bracketed paste), in <see cref="Key.Text"/>; never taken as typed commands.</summary>
    Paste,
}

[Flags]
internal enum KeyModifiers
{
    None = 0,
    Alt = 1,
    Ctrl = 2,
    Shift = 4,
}

/// <summary>One key press: its code, modifiers, and for <see cref="KeyCode.Char"/> and <see cref="KeyCode.Paste"/> its text.</summary>
internal readonly record struct Key(KeyCode Code, KeyModifiers Modifiers = KeyModifiers.None, string Text = "")
{
    public static Key Character(string text, KeyModifiers modifiers = KeyModifiers.None) => new(KeyCode.Char, modifiers, text);

    /// <summary>Ctrl with a letter, <paramref name="letter"/> lower-case: Ctrl-A is <c>Control('a')</c>.</summary>
    public static Key Control(char letter) => new(KeyCode.Char, KeyModifiers.Ctrl, letter.ToString());

    public override string ToString() =>
        (Modifiers == KeyModifiers.None ? "" : Modifiers.ToString().Replace(", ", "+", StringComparison.Ordinal) + "+")
        + (Code is KeyCode.Char or KeyCode.Paste ? $"{Code}({Text})" : Code.ToString());
}
