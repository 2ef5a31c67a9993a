namespace RustIrc.Sdk.Irc;

/// <summary>
/// Thrown when a line is not a valid IRC message, or a message cannot be written as one line.
/// <see cref="Error"/> tells which rule was broken; the message explains it to a person.
/// </summary>
public sealed class IrcFormatException : FormatException
{
    /// <summary>Creates the exception with a standard explanation of <paramref name="error"/>.</summary>
    public IrcFormatException(IrcParseError error)
        : this(error, Describe(error))
    {
    }

    /// <summary>Creates the exception with a specific explanation, e.g. one that names the faulty parameter.</summary>
    public IrcFormatException(IrcParseError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The rule the line or message broke; never <see cref="IrcParseError.None"/> for a thrown exception.</summary>
    public IrcParseError Error { get; }

    /// <summary>A sentence for people: what is wrong with the line and, where it helps, what to do about it.</summary>
    public static string Describe(IrcParseError error) => error switch
    {
        IrcParseError.None => "The line is a valid IRC message.",
        IrcParseError.Empty => "The line is empty; an IRC message needs at least a command such as PRIVMSG.",
        IrcParseError.TagsTooLong =>
            $"The message tags take more than {IrcLimits.MaxTagBytes} bytes, the most IRCv3 allows; send fewer or shorter tags.",
        IrcParseError.BodyTooLong =>
            $"The message is longer than {IrcLimits.MaxBodyBytes - 2} bytes (not counting tags), the most an IRC server accepts; split the text over several messages.",
        IrcParseError.MissingVerb => "The line has no command after its tags or source.",
        IrcParseError.InvalidVerb => "The command must be letters (like PRIVMSG) or a three-digit numeric (like 001).",
        IrcParseError.TooManyParameters =>
            $"The line has more than {IrcLimits.MaxParameters} parameters, more than RustIrc reads from one message.",
        IrcParseError.IllegalCharacter => "The line contains a NUL, CR or LF character, which IRC does not allow inside a message.",
        IrcParseError.InvalidParameter =>
            "Only the last parameter may be empty, contain spaces or start with ':'; join the text into the last parameter.",
        IrcParseError.InvalidTagKey =>
            "A tag key may only hold letters, digits and '-', with an optional '+' and vendor prefix such as 'example.com/'.",
        IrcParseError.InvalidSource => "The source (the nick!user@host part) cannot contain spaces.",
        _ => "The line is not a valid IRC message.",
    };
}
