using System.Globalization;
using System.Text;

namespace RustIrc.Modules.Tui.Input;

/// <summary>
/// The input line: text, a cursor, the editing keys of readline (Ctrl-A/E/K/U/W, Home/End, Left/Right,
/// Backspace/Delete) and a history walked with Up and Down. The cursor moves by whole characters
/// (a surrogate pair, an accent with its letter), never into the middle of one.
/// </summary>
internal sealed class LineEditor(int historyLimit = 500)
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _history = [];
    private int _historyAt;
    private string _draft = "";

    /// <summary>The line as typed so far.</summary>
    public string Text => _text.ToString();

    /// <summary>Where the cursor is, in UTF-16 units from the start.</summary>
    public int Cursor { get; private set; }

    /// <summary>Lines entered, oldest first.</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Inserts text at the cursor (typed characters, or a completion).</summary>
    public void Insert(string text)
    {
        _text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    /// <summary>Replaces the whole line and puts the cursor at its end.</summary>
    public void Replace(string text)
    {
        _text.Clear().Append(text);
        Cursor = text.Length;
    }

    /// <summary>Puts the cursor at <paramref name="index"/> (within the line).</summary>
    public void MoveTo(int index) => Cursor = Math.Clamp(index, 0, _text.Length);

    /// <summary>Handles an editing key; false when the key is not one of the editor's.</summary>
    public bool Handle(Key key)
    {
        switch (key)
        {
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.None }:
                Insert(key.Text);
                return true;
            case { Code: KeyCode.Left, Modifiers: KeyModifiers.None }:
                Cursor = PreviousBoundary(Cursor);
                return true;
            case { Code: KeyCode.Right, Modifiers: KeyModifiers.None }:
                Cursor = NextBoundary(Cursor);
                return true;
            case { Code: KeyCode.Home } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "a" }:
                Cursor = 0;
                return true;
            case { Code: KeyCode.End } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "e" }:
                Cursor = _text.Length;
                return true;
            case { Code: KeyCode.Backspace, Modifiers: KeyModifiers.None } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "h" }:
                Remove(PreviousBoundary(Cursor), Cursor);
                return true;
            case { Code: KeyCode.Delete } or { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "d" }:
                Remove(Cursor, NextBoundary(Cursor));
                return true;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "k" }:
                Remove(Cursor, _text.Length);
                return true;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "u" }:
                Remove(0, Cursor);
                return true;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "w" } or { Code: KeyCode.Backspace, Modifiers: KeyModifiers.Alt }:
                Remove(WordStartBefore(Cursor), Cursor);
                return true;
            case { Code: KeyCode.Char, Modifiers: KeyModifiers.Ctrl, Text: "b" or "c" or "o" or "v" or "]" or "_" } when FormattingCode(key.Text[0]) is { } code:
                Insert(code);
                return true;
            case { Code: KeyCode.Up, Modifiers: KeyModifiers.None }:
                Recall(-1);
                return true;
            case { Code: KeyCode.Down, Modifiers: KeyModifiers.None }:
                Recall(+1);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The IRC formatting code irssi's keys type: Ctrl-B bold, Ctrl-C colour, Ctrl-O reset, Ctrl-V reverse, Ctrl-] italic, Ctrl-_ underline.</summary>
    private static string? FormattingCode(char letter) => letter switch
    {
        'b' => "\x02",
        'c' => "\x03",
        'o' => "\x0f",
        'v' => "\x16",
        ']' => "\x1d",
        '_' => "\x1f",
        _ => null,
    };

    /// <summary>Takes the line (Enter): returns it, remembers it in the history unless empty or a repeat, and clears the editor.</summary>
    public string Submit()
    {
        var line = Text;
        if (line.Length > 0 && (_history.Count == 0 || _history[^1] != line))
        {
            _history.Add(line);
            if (_history.Count > historyLimit) _history.RemoveAt(0);
        }
        _historyAt = _history.Count;
        _draft = "";
        Replace("");
        return line;
    }

    /// <summary>Up (-1) or Down (+1) in the history; what was being typed comes back below the newest entry.</summary>
    private void Recall(int step)
    {
        var target = Math.Clamp(_historyAt + step, 0, _history.Count);
        if (target == _historyAt) return;
        if (_historyAt == _history.Count) _draft = Text;
        _historyAt = target;
        Replace(target == _history.Count ? _draft : _history[target]);
    }

    private void Remove(int from, int to)
    {
        if (to <= from) return;
        _text.Remove(from, to - from);
        Cursor = from;
    }

    private int PreviousBoundary(int at)
    {
        if (at == 0) return 0;
        var text = Text;
        var boundary = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext() && enumerator.ElementIndex < at) boundary = enumerator.ElementIndex;
        return boundary;
    }

    private int NextBoundary(int at)
    {
        var text = Text;
        if (at >= text.Length) return text.Length;
        return at + StringInfo.GetNextTextElementLength(text, at);
    }

    /// <summary>Where the word before <paramref name="at"/> starts, skipping the spaces just before it (Ctrl-W).</summary>
    private int WordStartBefore(int at)
    {
        var i = at;
        while (i > 0 && _text[i - 1] == ' ') i--;
        while (i > 0 && _text[i - 1] != ' ') i--;
        return i;
    }
}
