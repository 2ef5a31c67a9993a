using System.Globalization;
using System.Text;

namespace RustIrc.Tests.Shared.Soak;

/// <summary>
/// The soak's server traffic: a repeating pattern of 50 lines with every kind a channel sees (channel and
/// private PRIVMSGs, tagged ones, NOTICE, ACTION, JOIN, MODE, NICK, TOPIC, PART or QUIT), consistent with
/// itself (a guest joins, is voiced, renames, leaves), and how many of each kind it has made so far.
/// Guests come back under the same 500 names, as on a real network: nothing grows with the run's length.
/// </summary>
internal sealed class MixedTraffic(string ownNick)
{
    public const string Channel = "#soak";
    public const string SecondChannel = "#soak2";
    private const int Pattern = 50;
    private const int Members = 200;
    // Private messages come from a few of the members, as they do to a person: each sender is a query buffer.
    private const int Friends = 20;

    /// <summary>The kinds counted, named as the Lua events are (<c>private</c> is a message with no channel).</summary>
    public static readonly string[] Kinds = ["message", "private", "notice", "action", "join", "part", "quit", "nick", "mode", "topic"];

    private static readonly string[] Vocabulary = ["the", "build", "is", "green", "again", "anyone", "seen", "this", "patch", "lunch", "ok", "thanks", "merged", "later", "irc", "é", "https://example.org/x"];
    private readonly long[] _sent = new long[Kinds.Length];
    private readonly StringBuilder _text = new();
    private readonly Random _random = new(16);
    private long _line;

    /// <summary>Lines sent so far, of every kind.</summary>
    public long Total => Interlocked.Read(ref _line);

    /// <summary>How many lines of each kind were made so far (read it once the pump has stopped).</summary>
    public IReadOnlyDictionary<string, long> Sent => Kinds.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => Interlocked.Read(ref _sent[p.i]));

    /// <summary>Our JOINs of both channels and the members' JOINs: sent once before the traffic, not counted.</summary>
    public byte[] Setup()
    {
        var text = new StringBuilder();
        foreach (var channel in new[] { Channel, SecondChannel })
        {
            text.Append(CultureInfo.InvariantCulture, $":{ownNick}!~soak@soak.client JOIN {channel}\r\n");
            for (var i = 0; i < Members; i++) text.Append(CultureInfo.InvariantCulture, $":{Member(i)} JOIN {channel}\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The next <paramref name="count"/> lines, as bytes to send. One thread at a time.</summary>
    public byte[] Next(int count)
    {
        _text.Clear();
        for (var i = 0; i < count; i++) AppendLine();
        return Encoding.UTF8.GetBytes(_text.ToString());
    }

    private void AppendLine()
    {
        var line = _line;
        var period = line / Pattern;
        var guest = $"guest{period % 500}";
        var member = Member(_random.Next(Members));
        var kind = (line % Pattern) switch
        {
            0 => Add("join", $":{guest}!~g@guest.soak.example JOIN {Channel}"),
            5 => Add("notice", $":{member} NOTICE {Channel} :{Words()}"),
            10 => Add("mode", $":{Member(0)} MODE {Channel} +v {guest}"),
            15 => Add("action", $":{member} PRIVMSG {SecondChannel} :\u0001ACTION {Words()}\u0001"),
            20 => Add("nick", $":{guest}!~g@guest.soak.example NICK :{guest}_a"),
            25 => Add("private", $":{Member(_random.Next(Friends))} PRIVMSG {ownNick} :{Words()}"),
            30 => Add("topic", $":{Member(0)} TOPIC {Channel} :topic number {period}"),
            35 or 45 => Add("message", $"@time={DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ};msgid=soak{line};account=acct{period % 97} :{member} PRIVMSG {Channel} :{Words()}"),
            40 when period % 2 == 0 => Add("part", $":{guest}_a!~g@guest.soak.example PART {Channel} :see you"),
            40 => Add("quit", $":{guest}_a!~g@guest.soak.example QUIT :Quit: bye"),
            _ => Add("message", $":{member} PRIVMSG {(line % 2 == 0 ? Channel : SecondChannel)} :{Words()}"),
        };
        Interlocked.Increment(ref _sent[kind]);
        Interlocked.Increment(ref _line);
    }

    private int Add(string kind, string line)
    {
        _text.Append(line).Append("\r\n");
        return Array.IndexOf(Kinds, kind);
    }

    private string Words()
    {
        var length = _random.Next(30, 90);
        var words = new StringBuilder();
        while (words.Length < length) words.Append(Vocabulary[_random.Next(Vocabulary.Length)]).Append(' ');
        return words.ToString().TrimEnd();
    }

    private static string Member(int i) => $"nick{i}!~ident{i}@user-{i * 7919 % 65536:x6}.soak.example";
}
