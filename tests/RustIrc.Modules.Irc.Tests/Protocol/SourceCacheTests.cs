using RustIrc.Modules.Irc.Protocol;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Tests.Protocol;

public sealed class SourceCacheTests
{
    [Fact]
    public void Parse_SameStringAgain_TheSamePartsWithoutSplittingAgain()
    {
        var cache = new SourceCache();
        var source = "ada!~ada@host.example";

        var first = cache.Parse(source);
        var second = cache.Parse(source);

        Assert.Equal(new IrcSource("ada", "~ada", "host.example"), first);
        Assert.Same(first.Nick, second.Nick);
        Assert.Same(first.Host, second.Host);
    }

    [Fact]
    public void Parse_ManyDifferentSources_EachAsIrcSourceParsesIt()
    {
        var cache = new SourceCache();
        var sources = Enumerable.Range(0, 10_000).Select(i => $"n{i}!~u{i}@h{i % 7}.example").Concat(["server.example", "nick", "nick@host"]).ToArray();

        for (var round = 0; round < 2; round++) // the second round finds them cached
        {
            foreach (var source in sources) Assert.Equal(IrcSource.Parse(source), cache.Parse(source));
        }
        // An equal string that is another instance is parsed, not mistaken for a cached one.
        Assert.Equal(new IrcSource("n1", "~u1", "h1.example"), cache.Parse(new string("n1!~u1@h1.example".AsSpan())));
    }
}
