using RustIrc.Sdk.Events;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// Finds the secrets in IRC traffic and in what the user types, and masks them: a server password
/// (<c>PASS</c>), a SASL payload (<c>AUTHENTICATE</c>), an operator password (<c>OPER</c>), and what is
/// said to a services bot to log in or register (<c>PRIVMSG NickServ :IDENTIFY …</c>, <c>/ns identify …</c>,
/// <c>/msg Q@CServe.quakenet.org AUTH …</c>). Each method returns the masked form, or null when there is
/// nothing secret, which is the common case and costs a few comparisons.
/// </summary>
/// <remarks>
/// Threat: an extension that may read IRC (a script with the default grants, a module granted
/// <c>irc.read</c>) sees every line the client sends and every command the user types, the login among
/// them. The event bus hands extensions without <c>irc.credentials</c> the masked event instead
/// (<see cref="RustIrcEvent.WithoutCredentials"/>); the IRC module shows the masked text on screen.
/// </remarks>
public static class IrcCredentials
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "********";

    // Services that take a password, as nicks or nick@server (matched without case).
    private static readonly string[] Services = ["nickserv", "ns", "authserv", "q@cserve.quakenet.org", "x@channels.undernet.org", "userserv", "operserv", "hostserv"];

    // The first words of a services command whose rest is secret (SET PASSWORD: the rest after two words).
    private static readonly string[] SecretVerbs = ["identify", "id", "login", "auth", "register", "ghost", "recover", "release", "regain", "group"];

    /// <summary>A raw line with its secret masked, or null when it carries none.</summary>
    public static string? RedactLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        // Skip tags and source without parsing: most lines are not worth more than this.
        var rest = line.AsSpan();
        var offset = 0;
        if (rest.StartsWith("@")) offset = SkipWord(line, offset);
        if (offset < line.Length && line[offset] == ':') offset = SkipWord(line, offset);
        var commandEnd = line.IndexOf(' ', offset);
        if (commandEnd < 0) return null;
        var command = line.AsSpan(offset, commandEnd - offset);
        var parametersAt = SkipSpaces(line, commandEnd);
        if (command.Equals("PASS", StringComparison.OrdinalIgnoreCase))
        {
            return line[..parametersAt] + Mask;
        }
        if (command.Equals("AUTHENTICATE", StringComparison.OrdinalIgnoreCase))
        {
            var payload = line[parametersAt..].TrimStart(':');
            // The mechanism's name and the empty payload ("+") and abort ("*") are no secret.
            return payload is "+" or "*" || (payload.Length <= 20 && payload.All(c => char.IsAsciiLetterUpper(c) || c is '-' or '_' || char.IsAsciiDigit(c)))
                ? null
                : line[..parametersAt] + Mask;
        }
        if (command.Equals("OPER", StringComparison.OrdinalIgnoreCase))
        {
            var name = SkipWord(line, parametersAt);
            return name >= line.Length ? null : line[..name] + Mask;
        }
        if (command.Equals("PRIVMSG", StringComparison.OrdinalIgnoreCase) || command.Equals("NOTICE", StringComparison.OrdinalIgnoreCase))
        {
            var targetEnd = line.IndexOf(' ', parametersAt);
            if (targetEnd < 0) return null;
            var textAt = SkipSpaces(line, targetEnd);
            if (textAt < line.Length && line[textAt] == ':') textAt++;
            return IsService(line.AsSpan(parametersAt, targetEnd - parametersAt)) && RedactServiceCommand(line[textAt..]) is { } text ? line[..textAt] + text : null;
        }
        if (command.Equals("NICKSERV", StringComparison.OrdinalIgnoreCase) || command.Equals("NS", StringComparison.OrdinalIgnoreCase))
        {
            return RedactServiceCommand(line[parametersAt..].TrimStart(':')) is { } text ? line[..parametersAt] + text : null;
        }
        return null;
    }

    /// <summary>The text of a message to <paramref name="target"/> with its secret masked, or null when it carries none.</summary>
    public static string? RedactMessage(string target, string text)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(text);
        return IsService(target) ? RedactServiceCommand(text) : null;
    }

    /// <summary>
    /// The arguments of a typed command (<c>/NAME ARGUMENTS</c>) with their secret masked, or null when they
    /// carry none: <c>/msg</c>, <c>/notice</c> and <c>/query</c> to a services bot, <c>/ns</c> and
    /// <c>/nickserv</c>, <c>/quote</c> and <c>/raw</c> lines, <c>/oper</c> and <c>/pass</c>.
    /// </summary>
    public static string? RedactCommand(string name, string arguments)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(arguments);
        switch (name.ToLowerInvariant())
        {
            case "msg" or "privmsg" or "notice" or "query" or "say":
                var space = arguments.IndexOf(' ');
                if (space < 0) return null;
                return RedactMessage(arguments[..space], arguments[(space + 1)..]) is { } text ? arguments[..(space + 1)] + text : null;
            case "ns" or "nickserv":
                return RedactServiceCommand(arguments);
            case "quote" or "raw":
                return RedactLine(arguments);
            case "pass":
                return arguments.Length == 0 ? null : Mask;
            case "oper":
                var name2 = arguments.IndexOf(' ');
                return name2 < 0 ? null : arguments[..(name2 + 1)] + Mask;
            default:
                return null;
        }
    }

    /// <summary><paramref name="e"/>, carrying its masked copy when its line holds a login (<see cref="RustIrcEvent.WithoutCredentials"/>).</summary>
    public static RawLineEvent WithLoginMasked(RawLineEvent e) =>
        RedactLine(e.Line) is { } line ? e with { WithoutCredentials = e with { Line = line } } : e;

    /// <summary><paramref name="e"/>, carrying its masked copy when it says a login to a services bot.</summary>
    public static MessageEvent WithLoginMasked(MessageEvent e) =>
        RedactMessage(e.Target, e.Text) is { } text ? e with { WithoutCredentials = e with { Text = text } } : e;

    /// <summary><paramref name="e"/>, carrying its masked copy when it says a login to a services bot.</summary>
    public static NoticeEvent WithLoginMasked(NoticeEvent e) =>
        RedactMessage(e.Target, e.Text) is { } text ? e with { WithoutCredentials = e with { Text = text } } : e;

    /// <summary><paramref name="e"/>, carrying its masked copy when the command holds a login.</summary>
    public static CommandEvent WithLoginMasked(CommandEvent e) =>
        RedactCommand(e.Name, e.Arguments) is { } arguments ? e with { WithoutCredentials = e with { Arguments = arguments } } : e;

    /// <summary><paramref name="e"/> (typed in a conversation with <paramref name="target"/>), carrying its masked copy when it is a login.</summary>
    public static InputEvent WithLoginMasked(InputEvent e, string target) =>
        RedactMessage(target, e.Text) is { } text ? e with { WithoutCredentials = e with { Text = text } } : e;

    /// <summary>Whether <paramref name="target"/> is a services bot that takes passwords.</summary>
    public static bool IsService(string target) => IsService(target.AsSpan());

    // Runs for every incoming line while something listens to raw lines, so it allocates nothing.
    private static bool IsService(ReadOnlySpan<char> target)
    {
        if (target.IsEmpty || target[0] is '#' or '&' or '+' or '!') return false;
        foreach (var service in Services)
        {
            if (target.Equals(service, StringComparison.OrdinalIgnoreCase)) return true;
            if (service.Contains('@')) continue;
            if (target.Length > service.Length && target[service.Length] == '@' && target.StartsWith(service, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>"IDENTIFY account pw" as "IDENTIFY ********", "SET PASSWORD pw" as "SET PASSWORD ********"; null for other commands.</summary>
    private static string? RedactServiceCommand(string text)
    {
        var words = text.TrimStart();
        var lead = text.Length - words.Length;
        var first = words.IndexOf(' ');
        if (first < 0) return null;
        var verb = words[..first];
        if (SecretVerbs.Any(v => verb.Equals(v, StringComparison.OrdinalIgnoreCase))) return text[..(lead + first + 1)] + Mask;
        if (verb.Equals("set", StringComparison.OrdinalIgnoreCase))
        {
            var second = words.IndexOf(' ', first + 1);
            if (second < 0) return null;
            var what = words[(first + 1)..second];
            return what.Equals("password", StringComparison.OrdinalIgnoreCase) || what.Equals("pass", StringComparison.OrdinalIgnoreCase)
                ? text[..(lead + second + 1)] + Mask
                : null;
        }
        return null;
    }

    private static int SkipWord(string line, int at)
    {
        var space = line.IndexOf(' ', at);
        return space < 0 ? line.Length : SkipSpaces(line, space);
    }

    private static int SkipSpaces(string line, int at)
    {
        while (at < line.Length && line[at] == ' ') at++;
        return at;
    }
}
