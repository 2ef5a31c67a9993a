using RustIrc.Modules.Irc.State;

namespace RustIrc.Modules.Irc;

/// <summary>
/// Whether a nick can be asked for, by the rules every server shares (modern.ircdocs.horse, "Clients"):
/// no space, <c>, * ? ! @ .</c>; not starting with <c>$ :</c>, a channel type or a membership prefix.
/// What a server adds (length, its own character set) it says itself with 432.
/// </summary>
internal static class NickSyntax
{
    public const string Forbidden = "spaces or , * ? ! @ .";
    public const string ForbiddenFirst = "$ or :";

    public static bool IsValid(string nick, ISupport support)
    {
        if (nick.Length == 0 || nick[0] is '$' or ':' || support.IsChannel(nick) || support.RankOf(nick[0]) >= 0) return false;
        foreach (var c in nick)
        {
            if (c is ' ' or ',' or '*' or '?' or '!' or '@' or '.' || char.IsControl(c)) return false;
        }
        return true;
    }
}
