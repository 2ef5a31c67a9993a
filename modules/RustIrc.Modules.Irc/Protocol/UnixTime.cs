using System.Globalization;

namespace RustIrc.Modules.Irc.Protocol;

/// <summary>Times a server sends as seconds since 1970 (signon, channel creation), read without trusting the number.</summary>
internal static class UnixTime
{
    private static readonly long Last = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The time <paramref name="text"/> names, when it is a count of seconds a date can hold (up to the year 9999).</summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > Last) return false;
        time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
