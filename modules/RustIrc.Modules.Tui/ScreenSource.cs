using RustIrc.Modules.Tui.Screen;
using RustIrc.Modules.Tui.Views;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Tui;

/// <summary>
/// Gathers what a frame shows from the UI model (buffers, lines, activity) and, when the irc module is
/// there and readable, the IRC state (topic, members, nick, lag).
/// </summary>
internal sealed class ScreenSource(IModuleContext context, IUiModel ui)
{
    /// <summary>The state of a frame whose chat view is <paramref name="chatRows"/> rows high, scrolled back <paramref name="scrollBack"/> rows.</summary>
    public ScreenState Build(int chatRows, int scrollBack, string? search, out bool wholeBuffer)
    {
        var current = ui.CurrentBuffer;
        var buffers = ui.Buffers();
        var entries = new BufferEntry[buffers.Count];
        for (var i = 0; i < buffers.Count; i++) entries[i] = new BufferEntry(i + 1, buffers[i].Name, buffers[i].Activity);

        // Every line takes a row at least: this many are enough to fill the view at this scroll.
        var wanted = chatRows + scrollBack;
        // While searching, the chat view shows the matching lines only, and scrolls through them.
        var lines = string.IsNullOrEmpty(search) ? ui.Lines(current, wanted) : ui.Search(current, search, wanted);
        wholeBuffer = lines.Count < wanted;
        var chat = new ChatLine[lines.Count];
        for (var i = 0; i < lines.Count; i++) chat[i] = ChatLineOf(lines[i]);

        var state = new ScreenState { Buffers = entries, Current = current, Lines = chat, ScrollBack = scrollBack };
        var (network, target) = BufferNames.Parse(current);
        if (Irc() is not { } irc) return state;
        try
        {
            var info = irc.FindNetwork(network);
            state = state with
            {
                Network = network,
                Nick = irc.NickOf(network) ?? "",
                Lag = info?.Lag,
            };
            if (target is not null && irc.Channels(network).FirstOrDefault(c => string.Equals(c.Name, target, StringComparison.OrdinalIgnoreCase)) is { } channel)
            {
                var ranks = PrefixSymbols(info?.ISupport.GetValueOrDefault("PREFIX"));
                state = state with { Topic = TerminalText.Clean(channel.Topic), Members = Members(irc.Members(network, channel.Name), ranks) };
            }
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            // Without irc.read (or while irc reloads) the screen shows the buffers alone.
        }
        return state;
    }

    /// <summary>The status symbols of a PREFIX token (<c>(qaohv)~&amp;@%+</c>), highest first; the usual ones when the server sent none.</summary>
    internal static string PrefixSymbols(string? prefix) =>
        prefix is { } token && token.IndexOf(')') is var close and > 0 && token.StartsWith('(') ? token[(close + 1)..] : "~&@%+";

    /// <summary>Members sorted as irssi does: by their highest prefix in the server's order (@ before +), then by nick.</summary>
    internal static string[] Members(IReadOnlyList<IrcMemberInfo> members, string ranks) => members
        .OrderBy(m => m.Prefixes.Length == 0 ? int.MaxValue : ranks.IndexOf(m.Prefixes[0]) is var rank and >= 0 ? rank : ranks.Length)
        .ThenBy(m => m.Nick, StringComparer.OrdinalIgnoreCase)
        .Select(m => (m.Prefixes.Length > 0 ? m.Prefixes[..1] : "") + m.Nick)
        .ToArray();

    private IIrcService? Irc()
    {
        try
        {
            return context.Services.Find<IIrcService>();
        }
        catch (ServiceUnavailableException)
        {
            return null;
        }
    }

    /// <summary>A line as the chat view draws it: local time, the kind's colour, and the speaker's nick in its own colour.</summary>
    public static ChatLine ChatLineOf(BufferLine line)
    {
        var style = line.Kind switch
        {
            LineKind.Error => CellStyle.Of(foreground: 9),
            LineKind.Event => CellStyle.Of(foreground: 8),
            LineKind.Notice => CellStyle.Of(foreground: 13),
            LineKind.Action => CellStyle.Of(foreground: 14),
            _ => CellStyle.Plain,
        };
        var stamp = line.Time.ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var accent = default(TextAccent?);
        if (line.Kind == LineKind.Message && line.Text.StartsWith('<') && line.Text.IndexOf("> ", StringComparison.Ordinal) is > 1 and var close)
        {
            var nick = line.Text[1..close];
            var colon = nick.IndexOf(':'); // <nick:@#chan> for a message to some of a channel's members
            accent = new TextAccent(1, close - 1, NickColours.StyleOf(colon > 0 ? nick[..colon] : nick));
        }
        return new ChatLine(stamp, line.Text, style) { Accent = accent };
    }
}
