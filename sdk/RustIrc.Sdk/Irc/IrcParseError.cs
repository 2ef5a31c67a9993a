namespace RustIrc.Sdk.Irc;

/// <summary>
/// Why a line could not be read as an IRC message, or why a message could not be written as one.
/// <see cref="None"/> means it worked.
/// </summary>
public enum IrcParseError
{
    /// <summary>The line parsed (or the message formatted) without a problem.</summary>
    None,

    /// <summary>The line holds no bytes, or only spaces.</summary>
    Empty,

    /// <summary>The tags section, counting <c>@</c> and the space after it, is longer than <see cref="IrcLimits.MaxTagBytes"/>.</summary>
    TagsTooLong,

    /// <summary>The part after the tags is longer than <see cref="IrcLimits.MaxBodyBytes"/> minus the two bytes of CR LF.</summary>
    BodyTooLong,

    /// <summary>There is no verb: the line ends after the tags or after the source.</summary>
    MissingVerb,

    /// <summary>The verb is neither a run of ASCII letters nor exactly three digits.</summary>
    InvalidVerb,

    /// <summary>The line carries more than <see cref="IrcLimits.MaxParameters"/> parameters.</summary>
    TooManyParameters,

    /// <summary>The line contains NUL, CR or LF, which IRC reserves for framing.</summary>
    IllegalCharacter,

    /// <summary>Formatting only: a parameter other than the last is empty, contains a space or starts with <c>:</c>.</summary>
    InvalidParameter,

    /// <summary>Formatting only: a tag key does not follow the IRCv3 key grammar (see <see cref="IrcTags.IsValidKey"/>).</summary>
    InvalidTagKey,

    /// <summary>Formatting only: the source contains a space.</summary>
    InvalidSource,
}
