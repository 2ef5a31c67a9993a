namespace RustIrc.Modules.Irc.Protocol;

/// <summary>Client-to-client protocol framing: <c>\x01COMMAND arguments\x01</c> inside PRIVMSG and NOTICE text.</summary>
internal static class Ctcp
{
    public const char Delimiter = '\x01';

    public static bool TryParse(string text, out string command, out string arguments)
    {
        command = arguments = "";
        if (text.Length < 2 || text[0] != Delimiter) return false;
        var body = text.AsSpan(1);
        if (body.Length > 0 && body[^1] == Delimiter) body = body[..^1]; // the closing delimiter is optional in practice
        var space = body.IndexOf(' ');
        command = (space < 0 ? body : body[..space]).ToString().ToUpperInvariant();
        arguments = space < 0 ? "" : body[(space + 1)..].ToString();
        return command.Length > 0;
    }

    public static string Frame(string command, string arguments) =>
        arguments.Length == 0 ? $"{Delimiter}{command}{Delimiter}" : $"{Delimiter}{command} {arguments}{Delimiter}";
}
