namespace RustIrc.Sdk.Irc;

/// <summary>
/// Which characters a server treats as the same letter in nicknames and channel names, as announced by
/// the <c>CASEMAPPING</c> token of <c>RPL_ISUPPORT</c>.
/// </summary>
public enum CaseMapping
{
    /// <summary>ASCII letters, plus <c>[]\~</c> as the upper case of <c>{}|^</c>. The default when a server says nothing.</summary>
    Rfc1459,

    /// <summary>Like <see cref="Rfc1459"/> but <c>~</c> and <c>^</c> stay distinct.</summary>
    StrictRfc1459,

    /// <summary>Only the ASCII letters A-Z and a-z fold together.</summary>
    Ascii,
}
