using System.Text;
using RustIrc.Modules.Tui.Input;
using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Tui;

/// <summary>
/// The screen and the keyboard: decodes keys into edits, commands and buffer switches, and draws a frame
/// when something changed, at most one per <see cref="FrameInterval"/> for what arrives from IRC (a flood
/// is drawn as a few frames a second, not line by line) and at once for what the user typed.
/// </summary>
internal sealed class TuiFrontend : IScreenFrontend, IDisposable
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan EscapeWait = TimeSpan.FromMilliseconds(50);

    /// <summary>A paste of this many lines or more asks before it is sent.</summary>
    private const int PasteQuestionLines = 5;

    private readonly IModuleContext _context;
    private readonly IUiModel _ui;
    private readonly ScreenSource _source;
    private readonly KeyDecoder _decoder = new();
    private readonly LineEditor _editor = new();
    private readonly TabCompletion _completion = new();
    private readonly AnsiFrame _frame = new();
    private readonly StringBuilder _output = new();
    private readonly List<Key> _keys = [];
    private readonly List<IDisposable> _registrations = [];
    private readonly HashSet<string> _highlighted = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _joinsAsked = new(StringComparer.OrdinalIgnoreCase);
    private readonly ICommandOutput _replies;
    private ITerminalScreen? _screen;
    private ScreenGrid? _grid; // drawn into again each frame
    private IDisposable? _frameTimer;
    private IDisposable? _escapeTimer;
    private IDisposable? _clock;
    private int _scrollBack;
    private int _maxScrollBack = int.MaxValue;
    private string? _shownBuffer;
    private IReadOnlyList<string>? _pendingPaste;
    private LineEditor? _search; // Ctrl-R: the words searched for in the current buffer

    public TuiFrontend(IModuleContext context, IUiModel ui)
    {
        _context = context;
        _ui = ui;
        _source = new ScreenSource(context, ui);
        _replies = new CurrentBufferOutput(ui);
    }

    public void Start(ITerminal terminal)
    {
        _screen = terminal.TakeOver(this);
        _registrations.Add(_context.Commands.Register(BufferCommand.For(_ui)));
        try
        {
            _registrations.Add(_ui.WatchLines((_, _, _, _) => Invalidate()));
        }
        catch (NotSupportedException)
        {
            _registrations.Add(_context.Events.Subscribe<LinePrintedEvent>(_ => Changed(), priority: int.MinValue));
        }
        // What changes the bars and the lists without printing a line (or before it does).
        var events = _context.Events;
        _registrations.Add(events.Subscribe<TabSwitchEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<JoinEvent>(OnJoin, priority: int.MinValue));
        _registrations.Add(events.Subscribe<PartEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<KickEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<QuitEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<NickChangeEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<TopicEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<ModeEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<NumericEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<ConnectedEvent>(_ => Changed(), priority: int.MinValue));
        _registrations.Add(events.Subscribe<DisconnectedEvent>(_ => Changed(), priority: int.MinValue));
        // The clock in the status line shows minutes: one frame a minute, on the minute, and none between.
        var now = DateTime.Now;
        _clock = _context.Loop.Schedule(TimeSpan.FromSeconds(60 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond), Invalidate, TimeSpan.FromMinutes(1));
    }

    public void OnInput(ReadOnlySpan<byte> input)
    {
        _escapeTimer?.Dispose();
        _escapeTimer = null;
        _keys.Clear();
        _decoder.Feed(input, _keys);
        foreach (var key in _keys) Handle(key);
        // A lone Escape may be the start of a sequence still on its way: wait a moment before taking it as Escape.
        if (_decoder.HasPending) _escapeTimer = _context.Loop.Schedule(EscapeWait, FlushPendingKeys);
        Draw();
    }

    public void OnResize(int width, int height)
    {
        _frame.Invalidate();
        Draw();
    }

    public void OnOutput(string line) => _ui.Print(IUiModel.StatusBuffer, line, line.Contains(" fail:", StringComparison.Ordinal) || line.Contains(" crit:", StringComparison.Ordinal) ? LineKind.Error : LineKind.Info);

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
        _frameTimer?.Dispose();
        _escapeTimer?.Dispose();
        _clock?.Dispose();
        _screen?.Dispose();
        _screen = null;
    }

    private void FlushPendingKeys()
    {
        _escapeTimer = null;
        _keys.Clear();
        _decoder.FlushPending(_keys);
        foreach (var key in _keys) Handle(key);
        Draw();
    }

    private EventResult Changed()
    {
        Invalidate();
        return EventResult.Continue;
    }

    /// <summary>Something shown changed: draw it with the next frame, not now.</summary>
    private void Invalidate() => _frameTimer ??= _context.Loop.Schedule(FrameInterval, Draw);

    private void Handle(Key key)
    {
        if (_pendingPaste is { } paste)
        {
            if (key.Code == KeyCode.Enter) SendLines(paste);
            if (key.Code is KeyCode.Enter or KeyCode.Escape || key is { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "c" }) _pendingPaste = null;
            return;
        }
        if (_search is { } search)
        {
            Search(search, key);
            return;
        }
        if (key.Code != KeyCode.Tab) _completion.Reset();
        switch (key)
        {
            case { Code: KeyCode.Enter }:
                _scrollBack = 0;
                Submit(_editor.Submit());
                break;
            case { Code: KeyCode.Tab, Modifiers: KeyModifiers.None }:
                Complete();
                break;
            case { Code: KeyCode.Paste }:
                Paste(key.Text);
                break;
            case { Code: KeyCode.PageUp or KeyCode.PageDown }:
                Scroll(key.Code);
                break;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Alt, Text: [>= '0' and <= '9'] digit }:
                SwitchToNumber(digit[0] == '0' ? 10 : digit[0] - '0');
                break;
            case { Code: KeyCode.Left, Modifiers: KeyModifiers.Alt } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "p" }:
                SwitchBy(-1);
                break;
            case { Code: KeyCode.Right, Modifiers: KeyModifiers.Alt } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "n" }:
                SwitchBy(+1);
                break;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "l" }:
                _frame.Invalidate();
                break;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "r" }:
                _search = new LineEditor();
                _scrollBack = 0;
                break;
            default:
                _editor.Handle(key);
                break;
        }
    }

    /// <summary>PageUp or PageDown: a screen of the chat back or forth, never past its ends.</summary>
    private void Scroll(KeyCode key)
    {
        var page = Math.Max(1, _screen!.Height - 4);
        _scrollBack = key == KeyCode.PageUp ? Math.Min(_scrollBack + page, _maxScrollBack) : Math.Max(0, _scrollBack - page);
    }

    /// <summary>A key while searching: edits the words; Enter, Esc or Ctrl-R again end the search.</summary>
    private void Search(LineEditor search, Key key)
    {
        switch (key)
        {
            case { Code: KeyCode.Enter or KeyCode.Escape } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "r" or "c" }:
                _search = null;
                _scrollBack = 0;
                break;
            case { Code: KeyCode.PageUp or KeyCode.PageDown }:
                Scroll(key.Code);
                break;
            case { Code: KeyCode.Up or KeyCode.Down }:
                break; // the history is the input line's, not the search's
            default:
                if (search.Handle(key)) _scrollBack = 0;
                break;
        }
    }

    private void Submit(string line)
    {
        if (line.StartsWith("/join ", StringComparison.OrdinalIgnoreCase) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var channels, ..])
        {
            _joinsAsked.UnionWith(channels.Split(','));
        }
        _ = SubmitAsync(line);
    }

    /// <summary>
    /// Our own join shows the channel when the user asked for it with /join, or when nothing but the status
    /// or the server buffer was on screen (a start with --connect lands in the channel).
    /// </summary>
    private EventResult OnJoin(JoinEvent join)
    {
        Invalidate();
        string? nick;
        try
        {
            nick = _context.Services.Find<IIrcService>()?.NickOf(join.Network);
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            return EventResult.Continue;
        }
        if (!string.Equals(join.Nick, nick, StringComparison.OrdinalIgnoreCase)) return EventResult.Continue;
        var current = _ui.CurrentBuffer;
        if (_joinsAsked.Remove(join.Channel) || current == IUiModel.StatusBuffer || string.Equals(current, BufferNames.Server(join.Network), StringComparison.OrdinalIgnoreCase))
        {
            _ui.SwitchTo(BufferNames.Target(join.Network, join.Channel));
        }
        return EventResult.Continue;
    }

    private async Task SubmitAsync(string line)
    {
        try
        {
            await TypedLine.SubmitAsync(_context, line, _ui.CurrentBuffer, _replies);
        }
        catch (Exception ex)
        {
            _ui.Print(_ui.CurrentBuffer, ex.Message, LineKind.Error);
        }
        Invalidate();
    }

    private void SendLines(IReadOnlyList<string> lines)
    {
        foreach (var line in lines) Submit(line);
    }

    /// <summary>One pasted line goes into the input line; a few are sent; many ask first (a paste into the wrong window floods a channel).</summary>
    private void Paste(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var complete = lines[^1].Length == 0 ? lines[..^1] : lines;
        if (complete.Length <= 1)
        {
            _editor.Insert(complete.Length == 0 ? "" : complete[0]);
            return;
        }
        // A paste always sends text: a pasted "/quit" is not taken as a command.
        var asText = complete.Select(l => l.StartsWith('/') ? "/" + l : l).ToArray();
        if (asText.Length >= PasteQuestionLines) _pendingPaste = asText;
        else SendLines(asText);
    }

    private void Complete()
    {
        var (network, target) = BufferNames.Parse(_ui.CurrentBuffer);
        IReadOnlyList<string> nicks = [];
        IReadOnlyList<string> channels = [];
        try
        {
            if (_context.Services.Find<IIrcService>() is { } irc)
            {
                channels = irc.Channels(network).Select(c => c.Name).ToArray();
                if (target is not null && channels.Contains(target, StringComparer.OrdinalIgnoreCase)) nicks = irc.Members(network, target).Select(m => m.Nick).ToArray();
                else if (target is not null) nicks = [target];
            }
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            // Commands still complete without the IRC state.
        }
        if (!_completion.Complete(_editor, _context.Commands.Complete, nicks, channels)) Bell();
    }

    private void SwitchToNumber(int number)
    {
        var buffers = _ui.Buffers();
        if (number <= buffers.Count) _ui.SwitchTo(buffers[number - 1].Name);
    }

    private void SwitchBy(int step)
    {
        var buffers = _ui.Buffers();
        var at = buffers.ToList().FindIndex(b => string.Equals(b.Name, _ui.CurrentBuffer, StringComparison.OrdinalIgnoreCase));
        _ui.SwitchTo(buffers[((at + step) % buffers.Count + buffers.Count) % buffers.Count].Name);
    }

    private void Bell() => _screen?.Draw("\a");

    private void Draw()
    {
        _frameTimer?.Dispose();
        _frameTimer = null;
        if (_screen is not { } screen) return;
        if (!string.Equals(_shownBuffer, _ui.CurrentBuffer, StringComparison.OrdinalIgnoreCase))
        {
            _shownBuffer = _ui.CurrentBuffer;
            _scrollBack = 0;
            _maxScrollBack = int.MaxValue;
        }
        var chatRows = Layout.For(screen.Width, screen.Height, showNickList: false).Chat.Height;
        var state = _source.Build(chatRows, _scrollBack, _search?.Text, out var wholeBuffer);
        if (_search is not null) state = state with { Prompt = $"[search {state.Current}: {state.Lines.Count}{(wholeBuffer ? "" : "+")} found; Enter or Esc ends] " };
        var ringing = RingsForNewHighlights(state);
        if (_pendingPaste is { } paste) state = state with { Question = $"Send {paste.Count} pasted lines to {state.Current}? Enter sends them, Esc cancels." };
        if (_grid is null || _grid.Width != screen.Width || _grid.Height != screen.Height) _grid = new ScreenGrid(screen.Width, screen.Height);
        var grid = _grid;
        ScreenComposer.Compose(grid, state, _search ?? _editor, DateTime.Now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), out var rows);
        // The bound is known once the whole buffer was fetched; until then there is more above.
        _maxScrollBack = wholeBuffer ? Math.Max(0, rows - chatRows) : int.MaxValue;
        _scrollBack = Math.Min(_scrollBack, _maxScrollBack);
        _output.Clear();
        if (ringing) _output.Append('\a');
        _frame.Render(grid, _output);
        screen.Draw(_output.ToString());
    }

    /// <summary>Rings the bell once for each buffer that newly has a highlight.</summary>
    private bool RingsForNewHighlights(ScreenState state)
    {
        var ring = false;
        foreach (var buffer in state.Buffers)
        {
            if (buffer.Activity == Activity.Highlight) ring |= _highlighted.Add(buffer.Name);
            else _highlighted.Remove(buffer.Name);
        }
        return ring;
    }

    /// <summary>Command replies go to the buffer the command was typed in.</summary>
    private sealed class CurrentBufferOutput(IUiModel ui) : ICommandOutput
    {
        public void Write(string text, LineKind kind = LineKind.Info) => ui.Print(ui.CurrentBuffer, text, kind);
    }
}
