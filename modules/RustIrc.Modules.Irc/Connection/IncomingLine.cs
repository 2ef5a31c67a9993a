using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Connection;

/// <summary>
/// One line read from the server: parsed, or the reason it could not be. <see cref="Raw"/> is only
/// decoded when someone wants raw lines (a raw-line modifier or listener), to spare the flood path.
/// </summary>
internal readonly record struct IncomingLine(IrcMessage? Message, string? Raw, IrcParseError Error)
{
    public static IncomingLine Parsed(IrcMessage message, string? raw) => new(message, raw, IrcParseError.None);

    public static IncomingLine Rejected(IrcParseError error, string preview) => new(null, preview, error);
}
