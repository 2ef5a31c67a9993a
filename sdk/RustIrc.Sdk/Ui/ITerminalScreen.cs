namespace RustIrc.Sdk.Ui;

/// <summary>
/// A full-screen frontend's side of <see cref="ITerminal.TakeOver"/>. Every call comes on the client loop,
/// in the order things happened.
/// </summary>
public interface IScreenFrontend
{
    /// <summary>Bytes the user typed or pasted, as the terminal sent them (keys, escape sequences, UTF-8). Valid only during the call.</summary>
    void OnInput(ReadOnlySpan<byte> input);

    /// <summary>The terminal's size changed (and once at the start): redraw everything.</summary>
    void OnResize(int width, int height);

    /// <summary>
    /// A line someone else wrote to the terminal while the screen is held (a log warning, a module's
    /// <see cref="ITerminal.WriteLine(string)"/>): show it somewhere, since it is not written over the screen.
    /// </summary>
    void OnOutput(string line);
}

/// <summary>The terminal as a full-screen frontend holds it. Disposing it gives the terminal back.</summary>
public interface ITerminalScreen : IDisposable
{
    /// <summary>Columns.</summary>
    int Width { get; }

    /// <summary>Rows.</summary>
    int Height { get; }

    /// <summary>
    /// Writes a frame (text and escape sequences, as given) and flushes it. Nothing here is cleaned: text
    /// that came from IRC or a script must be made safe before (<see cref="TerminalText.Clean(string)"/>).
    /// </summary>
    void Draw(ReadOnlySpan<char> output);
}
