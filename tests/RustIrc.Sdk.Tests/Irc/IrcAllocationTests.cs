// The hot paths that run for every received line must not allocate.
using System.Runtime.CompilerServices;
using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcAllocationTests
{
    private const int Rounds = 10_000;

    private static readonly byte[] Line =
        "@time=2024-05-01T10:00:00.000Z;msgid=AB12cd;account=nick;+draft/reply=xyz :nick!~user@host.example.com PRIVMSG #channel :hello there, how is everyone?"u8.ToArray();

    [Fact]
    public void TryParse_TaggedPrivmsg_AllocatesNothing()
    {
        var checksum = Tokenize(Line, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();

        checksum += Tokenize(Line, Rounds);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(checksum > 0);
    }

    [Fact]
    public void Matches_BanMask_AllocatesNothing()
    {
        var hits = Match(100);
        var before = GC.GetAllocatedBytesForCurrentThread();

        hits += Match(Rounds);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(Rounds + 100, hits);
    }

    [Fact]
    public void Comparer_EqualsAndHash_AllocatesNothing()
    {
        var comparer = IrcCaseMapping.Comparer(CaseMapping.Rfc1459);
        var hash = Hash(comparer, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();

        hash ^= Hash(comparer, Rounds);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.NotEqual(0, hash | 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Tokenize(byte[] line, int rounds)
    {
        long sum = 0;
        for (var i = 0; i < rounds; i++)
        {
            if (IrcLineView.TryParse(line, out var view) != IrcParseError.None || !view.VerbIs("PRIVMSG"u8))
            {
                return -1;
            }

            view.TryGetTag("msgid"u8, out var msgid);
            sum += msgid.Length + view.Source.Length + view.RawTags.Length;
            foreach (var tag in view.EnumerateTags())
            {
                sum += tag.Key.Length + tag.EscapedValue.Length;
            }

            for (var p = 0; p < view.ParameterCount; p++)
            {
                sum += view.Parameter(p).Length;
            }
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Match(int rounds)
    {
        var hits = 0;
        for (var i = 0; i < rounds; i++)
        {
            hits += IrcMask.Matches("*!*@*.EXAMPLE.com", "Nick[away]!~user@host.example.com") ? 1 : 0;
        }

        return hits;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Hash(StringComparer comparer, int rounds)
    {
        var hash = 0;
        for (var i = 0; i < rounds; i++)
        {
            hash ^= comparer.GetHashCode("Nick[away]") + (comparer.Equals("Nick[away]", "nick{AWAY}") ? 1 : 0);
        }

        return hash;
    }
}
