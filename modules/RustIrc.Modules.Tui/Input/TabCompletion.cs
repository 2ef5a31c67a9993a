namespace RustIrc.Modules.Tui.Input;

/// <summary>
/// Tab completion of the word before the cursor, cycling through the candidates on each further Tab: a
/// nick of the channel (with <c>": "</c> when it starts the line), a channel, or for a line starting
/// with <c>/</c> what the command registry offers (command names, and each command's own arguments).
/// </summary>
internal sealed class TabCompletion
{
    private string? _line;        // the line as this completion left it; another edit starts afresh
    private int _wordStart;
    private string _suffix = "";
    private IReadOnlyList<string> _candidates = [];
    private int _index;

    /// <summary>Completes the word before the cursor; false when nothing matches.</summary>
    /// <param name="editor">The input line.</param>
    /// <param name="commandCandidates">Candidates for the last word of a partial command line.</param>
    /// <param name="nicks">Nicks of the current conversation, most recently active first if known.</param>
    /// <param name="channels">Channels joined on the current network.</param>
    public bool Complete(LineEditor editor, Func<string, IReadOnlyList<string>> commandCandidates, IReadOnlyList<string> nicks, IReadOnlyList<string> channels)
    {
        if (_line != editor.Text || _candidates.Count == 0)
        {
            var text = editor.Text[..editor.Cursor];
            _wordStart = text.LastIndexOf(' ') + 1;
            var word = text[_wordStart..];
            var after = editor.Text[editor.Cursor..];
            if (text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal))
            {
                _candidates = commandCandidates(text);
                _suffix = " ";
            }
            else if (word.StartsWith('#') || word.StartsWith('&'))
            {
                _candidates = Matching(channels, word);
                _suffix = " ";
            }
            else
            {
                _candidates = Matching(nicks, word);
                _suffix = _wordStart == 0 ? ": " : " ";
            }
            if (_candidates.Count == 0) return false;
            _index = 0;
            _line = null;
            Apply(editor, after);
            return true;
        }
        _index = (_index + 1) % _candidates.Count;
        Apply(editor, editor.Text[editor.Cursor..]);
        return true;
    }

    /// <summary>Forget the cycle (any key but Tab).</summary>
    public void Reset() => _candidates = [];

    private void Apply(LineEditor editor, string after)
    {
        var completed = editor.Text[.._wordStart] + _candidates[_index] + _suffix;
        editor.Replace(completed + after);
        editor.MoveTo(completed.Length);
        _line = editor.Text;
    }

    private static string[] Matching(IReadOnlyList<string> names, string prefix) =>
        names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}
