using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Sdk.Ui;

/// <summary>How much happened in a buffer the user is not looking at.</summary>
public enum Activity
{
    /// <summary>Nothing new.</summary>
    None,
    /// <summary>Joins, parts and other events.</summary>
    Events,
    /// <summary>Messages.</summary>
    Messages,
    /// <summary>A private message or a line that mentions the user.</summary>
    Highlight,
}

/// <summary>One line of a buffer.</summary>
public sealed record BufferLine(DateTimeOffset Time, string Text, LineKind Kind);

/// <summary>A buffer as frontends see it.</summary>
public sealed record BufferInfo(string Name, string? Network, Activity Activity, int LineCount);

/// <summary>
/// Receives a line just added to <paramref name="buffer"/> (after the display modifiers), with the time it
/// tells of (the server-time of the IRC event it shows, else when it was printed). The text is valid only
/// during the call: copy what you keep.
/// </summary>
public delegate void LineWatcher(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time);

/// <summary>
/// The toolkit-neutral model every frontend renders: buffers with bounded scrollback, the current
/// buffer, and activity. Printing publishes <see cref="LinePrintedEvent"/>, which frontends observe.
/// </summary>
public interface IUiModel
{
    /// <summary>The name of the status buffer, which always exists.</summary>
    const string StatusBuffer = "status";

    /// <summary>The buffer the user is looking at.</summary>
    string CurrentBuffer { get; }

    /// <summary>All buffers in creation order.</summary>
    IReadOnlyList<BufferInfo> Buffers();

    /// <summary>The last <paramref name="count"/> lines of a buffer (fewer when it has fewer).</summary>
    IReadOnlyList<BufferLine> Lines(string buffer, int count);

    // The timed Print below came after these shipped with an optional kind; it has none, so every existing call binds as before.
#pragma warning disable RS0027
    /// <summary>Adds a line to a buffer (created when missing), after the display modifiers.</summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Print(string buffer, string text, LineKind kind = LineKind.Info);

    /// <summary>
    /// Adds a line given as characters, which are copied before the call returns: a printer that puts
    /// <c>&lt;nick&gt; text</c> together in its own buffer spares a string per line when nobody but the
    /// scrollback reads it (no display modifier, no <see cref="LinePrintedEvent"/> listener).
    /// </summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Print(string buffer, ReadOnlySpan<char> text, LineKind kind = LineKind.Info) => Print(buffer, text.ToString(), kind);
#pragma warning restore RS0027

    /// <summary>
    /// Adds a line that tells of something that happened at <paramref name="time"/> (an IRC event's
    /// server-time), so the scrollback, the <see cref="LinePrintedEvent"/> and line watchers carry that
    /// time instead of the moment of printing: a chat log stamps each line with it. Since SDK 1.7; a model
    /// that does not implement it prints the line stamped now.
    /// </summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Print(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time) => Print(buffer, text, kind);

    /// <summary>
    /// Calls <paramref name="watcher"/> for every line added from now on, after the
    /// <see cref="LinePrintedEvent"/> handlers and only when none ate the event, until the result is
    /// disposed. For a terminal frontend that writes every line: it costs no string and no event per line
    /// when nobody else listens. A watcher that throws is removed, and the status buffer says so.
    /// </summary>
    /// <exception cref="NotSupportedException">This UI model does not offer watchers; subscribe to <see cref="LinePrintedEvent"/>.</exception>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    IDisposable WatchLines(LineWatcher watcher) => throw new NotSupportedException($"{GetType().Name} does not offer line watchers; subscribe to LinePrintedEvent instead.");

    /// <summary>
    /// The lines of a buffer's scrollback that contain <paramref name="text"/> (ignoring case), oldest first,
    /// at most the newest <paramref name="limit"/>. Since SDK 1.8; the default reads the whole scrollback.
    /// </summary>
    IReadOnlyList<BufferLine> Search(string buffer, string text, int limit = 1000) =>
        Lines(buffer, int.MaxValue).Where(l => l.Text.Contains(text, StringComparison.OrdinalIgnoreCase)).TakeLast(limit).ToArray();

    /// <summary>The name of the buffer that collects highlighted lines from every buffer.</summary>
    const string HighlightsBuffer = "highlights";

    /// <summary>
    /// Marks a line just printed in <paramref name="buffer"/> as a highlight (it names the user, or a word
    /// they watch, or was said to them privately): the buffer's activity becomes <see cref="Activity.Highlight"/>
    /// unless it is current, and the line is copied to <see cref="HighlightsBuffer"/>. Since SDK 1.8; a model
    /// without highlights ignores it.
    /// </summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Highlight(string buffer, ReadOnlySpan<char> line, DateTimeOffset time)
    {
    }

    /// <summary>Creates a buffer if missing.</summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Open(string buffer, string? network = null);

    /// <summary>Closes a buffer; the status buffer cannot be closed.</summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Close(string buffer);

    /// <summary>Makes a buffer current, clears its activity and publishes <see cref="TabSwitchEvent"/>.</summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void SwitchTo(string buffer);

    /// <summary>
    /// Empties a buffer's scrollback (<c>/clear</c>); the buffer stays open, current if it was, with its
    /// network. Chat logs and other watchers keep what they already received. Since SDK 1.8.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no buffer of that name.</exception>
    /// <exception cref="NotSupportedException">This UI model was written before SDK 1.8 and cannot clear.</exception>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Clear(string buffer) => throw new NotSupportedException($"{GetType().Name} cannot clear a buffer (it predates SDK 1.8).");

    /// <summary>
    /// Gives buffer <paramref name="buffer"/> the name <paramref name="newName"/>, keeping its lines, place
    /// and network, and keeping it current if it was (a private conversation follows the other person's
    /// nick change). When a buffer called <paramref name="newName"/> exists already, the lines of both are
    /// merged by time into it. A missing <paramref name="buffer"/> is no error: nothing happens. Since SDK 1.8.
    /// </summary>
    /// <exception cref="InvalidOperationException">One of the names is the status buffer's.</exception>
    /// <exception cref="NotSupportedException">This UI model was written before SDK 1.8 and cannot rename.</exception>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void Rename(string buffer, string newName) => throw new NotSupportedException($"{GetType().Name} cannot rename a buffer (it predates SDK 1.8).");
}

/// <summary>
/// The process's standard input and output, owned by the host. A frontend attaches to receive the
/// lines typed; while none is attached the kernel runs typed commands itself, so the user can always
/// reload a frontend.
/// </summary>
[HostService]
public interface ITerminal
{
    /// <summary>Whether standard output should carry JSON lines (the <c>--json</c> option).</summary>
    bool Json { get; }

    /// <summary>
    /// Writes one line to standard output, made safe first (<see cref="TerminalText"/>): controls and
    /// escape sequences are taken out, IRC formatting is drawn in colour on a terminal and dropped elsewhere.
    /// </summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void WriteLine(string line);

    /// <summary>Writes one line given as characters, which are used before the call returns (a frontend's own buffer, say).</summary>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    void WriteLine(ReadOnlySpan<char> line) => WriteLine(line.ToString());

    /// <summary>
    /// Receives every line read from standard input, on the client loop, until disposed. The next line
    /// is not delivered before the task for the previous one completes, so piped commands run in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another frontend is attached.</exception>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    IDisposable Attach(Func<string, Task> onLine);

    /// <summary>
    /// Whether standard input and output are a terminal a full-screen frontend can take over (not a pipe,
    /// not <c>--json</c>). Since SDK 1.8.
    /// </summary>
    bool IsInteractive => false;

    /// <summary>
    /// Gives the whole terminal to a full-screen frontend until the result is disposed: raw keys instead of
    /// lines, the alternate screen, resizes. The terminal is put back as it was when the hold is disposed,
    /// when the frontend's module unloads, and when the process exits. Since SDK 1.8.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another frontend reads the terminal.</exception>
    /// <exception cref="NotSupportedException">This is not an interactive terminal (<see cref="IsInteractive"/>).</exception>
    [RequiresPermission(WellKnownPermissions.UiModification)]
    ITerminalScreen TakeOver(IScreenFrontend frontend) =>
        throw new NotSupportedException("This terminal cannot be taken over by a full-screen frontend; use a line frontend such as the shell.");
}
