namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// One IRC line as the test peer received it, split into tags, source, command and parameters. Kept
/// deliberately small and separate from the module's parser: the tests must not trust the code they test.
/// </summary>
public sealed record IrcLine(string Raw, string? Tags, string? Source, string Command, IReadOnlyList<string> Parameters)
{
    /// <summary>The nick part of the source (<c>nick!user@host</c>), or the whole source for a server.</summary>
    public string? Nick => Source?.Split('!', '@')[0];

    /// <summary>The user part of the source, when the source has one.</summary>
    public string? User => Source is { } s && s.IndexOf('!') is var bang and >= 0 ? s[(bang + 1)..].Split('@')[0] : null;

    /// <summary>The host part of the source, when the source has one.</summary>
    public string? Host => Source is { } s && s.IndexOf('@') is var at and >= 0 ? s[(at + 1)..] : null;

    /// <summary>The last parameter (the text of a PRIVMSG, the reason of a QUIT), or "".</summary>
    public string Last => Parameters.Count > 0 ? Parameters[^1] : "";

    /// <summary>Parameter <paramref name="index"/>, or "" when there are fewer.</summary>
    public string this[int index] => index < Parameters.Count ? Parameters[index] : "";

    public static IrcLine Parse(string raw)
    {
        var rest = raw;
        string? tags = null, source = null;
        if (rest.StartsWith('@'))
        {
            (tags, rest) = SplitWord(rest[1..]);
        }
        if (rest.StartsWith(':'))
        {
            (source, rest) = SplitWord(rest[1..]);
        }
        (var command, rest) = SplitWord(rest);
        var parameters = new List<string>();
        while (rest.Length > 0)
        {
            if (rest.StartsWith(':'))
            {
                parameters.Add(rest[1..]);
                break;
            }
            (var word, rest) = SplitWord(rest);
            parameters.Add(word);
        }
        return new IrcLine(raw, tags, source, command.ToUpperInvariant(), parameters);
    }

    private static (string Word, string Remainder) SplitWord(string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].TrimStart(' '));
    }
}
