using RustIrc.Sdk;

namespace RustIrc.Sdk.Tests;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("join", "join", 0)]
    [InlineData("join", "JOIN", 0)]       // case is ignored
    [InlineData("join", "jion", 1)]       // two neighbours swapped
    [InlineData("msg", "mgs", 1)]
    [InlineData("join", "joins", 1)]      // one inserted
    [InlineData("join", "jon", 1)]        // one deleted
    [InlineData("join", "joan", 1)]       // one replaced
    [InlineData("abc", "cba", 2)]         // not neighbours: two replacements
    [InlineData("", "abc", 3)]
    [InlineData("module", "", 6)]
    [InlineData("ca", "abc", 3)]          // a swap is not followed by an insertion between the two
    public void Between_CountsInsertionsDeletionsReplacementsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
        Assert.Equal(expected, EditDistance.Between(b, a));
    }
}
