using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcCaseMappingTests
{
    [Theory]
    [InlineData("ascii", CaseMapping.Ascii)]
    [InlineData("ASCII", CaseMapping.Ascii)]
    [InlineData("rfc1459", CaseMapping.Rfc1459)]
    [InlineData("strict-rfc1459", CaseMapping.StrictRfc1459)]
    [InlineData("rfc7613", CaseMapping.Rfc1459)]
    [InlineData("", CaseMapping.Rfc1459)]
    [InlineData(null, CaseMapping.Rfc1459)]
    public void Parse_IsupportValue_PicksMapping(string? value, CaseMapping expected)
    {
        Assert.Equal(expected, IrcCaseMapping.Parse(value));
    }

    [Theory]
    [InlineData('A', 'a', 'a', 'a')]
    [InlineData('Z', 'z', 'z', 'z')]
    [InlineData('[', '{', '{', '[')]
    [InlineData(']', '}', '}', ']')]
    [InlineData('\\', '|', '|', '\\')]
    [InlineData('~', '^', '~', '~')]
    [InlineData('^', '^', '^', '^')]
    [InlineData('{', '{', '{', '{')]
    [InlineData('É', 'É', 'É', 'É')]
    [InlineData('1', '1', '1', '1')]
    public void Fold_Character_LowersPerMapping(char c, char rfc1459, char strict, char ascii)
    {
        Assert.Equal(rfc1459, IrcCaseMapping.Fold(c, CaseMapping.Rfc1459));
        Assert.Equal(strict, IrcCaseMapping.Fold(c, CaseMapping.StrictRfc1459));
        Assert.Equal(ascii, IrcCaseMapping.Fold(c, CaseMapping.Ascii));
    }

    [Theory]
    [InlineData("Nick[Away]", CaseMapping.Rfc1459, "nick{away}")]
    [InlineData("Some\\One~", CaseMapping.Rfc1459, "some|one^")]
    [InlineData("Some\\One~", CaseMapping.StrictRfc1459, "some|one~")]
    [InlineData("Nick[Away]", CaseMapping.Ascii, "nick[away]")]
    public void Fold_String_LowersPerMapping(string s, CaseMapping mapping, string expected)
    {
        Assert.Equal(expected, IrcCaseMapping.Fold(s, mapping));
    }

    [Fact]
    public void Fold_AlreadyLower_ReturnsSameInstance()
    {
        var s = "#already{lower}";

        Assert.Same(s, IrcCaseMapping.Fold(s, CaseMapping.Rfc1459));
    }

    [Theory]
    [InlineData("Dan[away]", "dan{AWAY}", CaseMapping.Rfc1459, true)]
    [InlineData("Dan[away]", "dan{AWAY}", CaseMapping.StrictRfc1459, true)]
    [InlineData("Dan[away]", "dan{AWAY}", CaseMapping.Ascii, false)]
    [InlineData("a~", "A^", CaseMapping.Rfc1459, true)]
    [InlineData("a~", "A^", CaseMapping.StrictRfc1459, false)]
    [InlineData("#Chan", "#chan", CaseMapping.Ascii, true)]
    [InlineData("Ärger", "ärger", CaseMapping.Rfc1459, false)]
    [InlineData("nick", "nick2", CaseMapping.Rfc1459, false)]
    [InlineData(null, null, CaseMapping.Rfc1459, true)]
    [InlineData(null, "", CaseMapping.Rfc1459, false)]
    public void Equals_TwoNames_ComparesUnderMapping(string? a, string? b, CaseMapping mapping, bool expected)
    {
        Assert.Equal(expected, IrcCaseMapping.Equals(a, b, mapping));
        Assert.Equal(expected, IrcCaseMapping.Comparer(mapping).Equals(a, b));
        Assert.Equal(expected, IrcCaseMapping.Comparer(mapping).Compare(a, b) == 0);
    }

    [Theory]
    [InlineData(CaseMapping.Rfc1459)]
    [InlineData(CaseMapping.StrictRfc1459)]
    [InlineData(CaseMapping.Ascii)]
    public void Comparer_SameMapping_ReturnsCachedInstance(CaseMapping mapping)
    {
        Assert.Same(IrcCaseMapping.Comparer(mapping), IrcCaseMapping.Comparer(mapping));
    }

    [Fact]
    public void Comparer_EqualNames_ShareHashCode()
    {
        var comparer = IrcCaseMapping.Comparer(CaseMapping.Rfc1459);

        Assert.Equal(comparer.GetHashCode("Dan[away]~"), comparer.GetHashCode("dAN{AWAY}^"));
        Assert.Equal(comparer.GetHashCode("x"), comparer.GetHashCode(IrcCaseMapping.Fold("X", CaseMapping.Rfc1459)));
    }

    [Fact]
    public void Comparer_AsDictionaryKey_FindsOtherCasing()
    {
        var members = new Dictionary<string, int>(IrcCaseMapping.Comparer(CaseMapping.Rfc1459)) { ["Nick[1]"] = 1 };

        Assert.True(members.ContainsKey("NICK{1}"));
        Assert.False(members.TryAdd("nick{1}", 2));
    }

    [Fact]
    public void Comparer_Sorting_OrdersFoldedNames()
    {
        string[] names = ["bob", "Alice", "[x]", "carol", "{a}"];

        Array.Sort(names, IrcCaseMapping.Comparer(CaseMapping.Rfc1459));

        Assert.Equal(["Alice", "bob", "carol", "{a}", "[x]"], names);
    }

    [Fact]
    public void Comparer_UnknownMapping_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IrcCaseMapping.Comparer((CaseMapping)42));
    }
}
