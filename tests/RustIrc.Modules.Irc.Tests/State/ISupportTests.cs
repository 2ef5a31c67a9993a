using RustIrc.Modules.Irc.State;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Tests.State;

public sealed class ISupportTests
{
    [Fact]
    public void Apply_PrefixWithFiveModes_RanksSymbolsHighestFirst()
    {
        var support = Applied("PREFIX=(qaohv)~&@%+");

        Assert.Equal(("qaohv", "~&@%+"), (support.PrefixModes, support.PrefixSymbols));
        Assert.Equal(ChannelModeKind.Prefix, support.Classify('h'));
        Assert.Equal('%', support.SymbolOf('h'));
        Assert.Equal([0, 2, 4, -1], new[] { '~', '@', '+', '!' }.Select(support.RankOf));
    }

    [Fact]
    public void Apply_EmptyPrefix_LeavesNoMembershipPrefixes()
    {
        var support = Applied("PREFIX=");

        Assert.Equal(-1, support.RankOf('@'));
        Assert.NotEqual(ChannelModeKind.Prefix, support.Classify('o'));
    }

    [Theory]
    [InlineData("PREFIX=(ov)@")]
    [InlineData("PREFIX=ov@+")]
    public void Apply_MalformedPrefix_KeepsTheDefaultOpAndVoice(string token)
    {
        var support = Applied(token);

        Assert.Equal(("ov", "@+"), (support.PrefixModes, support.PrefixSymbols));
    }

    [Theory]
    [InlineData('b', nameof(ChannelModeKind.List))]
    [InlineData('q', nameof(ChannelModeKind.List))]
    [InlineData('k', nameof(ChannelModeKind.AlwaysArgument))]
    [InlineData('f', nameof(ChannelModeKind.ArgumentWhenSet))]
    [InlineData('j', nameof(ChannelModeKind.ArgumentWhenSet))]
    [InlineData('m', nameof(ChannelModeKind.Flag))]
    [InlineData('Z', nameof(ChannelModeKind.Flag))]
    public void Apply_Chanmodes_ClassifiesEachModeByItsGroup(char mode, string expected)
    {
        var support = Applied("CHANMODES=beIq,k,fjl,CMNPmnst");

        Assert.Equal(expected, support.Classify(mode).ToString());
    }

    [Fact]
    public void Apply_Chantypes_DecidesWhatIsAChannel()
    {
        var support = Applied("CHANTYPES=#!");

        Assert.True(support.IsChannel("#rust"));
        Assert.True(support.IsChannel("!12345chan"));
        Assert.False(support.IsChannel("&local"));
        Assert.False(support.IsChannel("nick"));
    }

    [Fact]
    public void StatusMessageChannel_ByStatusmsg_OnlyForItsPrefixesBeforeAChannel_AndNoneOnceWithdrawn()
    {
        var none = new ISupport();
        Assert.Null(none.StatusMessageChannel("@#rust")); // no STATUSMSG said: no status messages

        var support = Applied("STATUSMSG=@+", "CHANTYPES=#");
        Assert.Equal("#rust", support.StatusMessageChannel("@#rust"));
        Assert.Equal("#rust", support.StatusMessageChannel("+#rust"));
        Assert.Null(support.StatusMessageChannel("%#rust"));  // not one of its prefixes
        Assert.Null(support.StatusMessageChannel("@nick"));   // not before a channel
        Assert.Null(support.StatusMessageChannel("#rust"));
        Assert.Null(support.StatusMessageChannel("@"));

        support.Apply(["-STATUSMSG"]);
        Assert.Null(support.StatusMessageChannel("@#rust"));
    }

    [Theory]
    [InlineData("CASEMAPPING=ascii", CaseMapping.Ascii)]
    [InlineData("CASEMAPPING=rfc1459", CaseMapping.Rfc1459)]
    [InlineData("CASEMAPPING=strict-rfc1459", CaseMapping.StrictRfc1459)]
    public void Apply_Casemapping_SetsHowNamesCompare(string token, CaseMapping expected)
    {
        Assert.Equal(expected, Applied(token).CaseMapping);
    }

    [Fact]
    public void Apply_NetworkNicklenAndModes_AreRead()
    {
        var support = Applied("NETWORK=Libera.Chat", "NICKLEN=16", "MODES=4");

        Assert.Equal(("Libera.Chat", 16, 4), (support.NetworkName, support.NickLength, support.ModesPerLine));
    }

    [Theory]
    [InlineData("NICKLEN=abc")]
    [InlineData("NICKLEN=0")]
    [InlineData("NICKLEN=")]
    public void Apply_NonsenseNicklen_KeepsTheDefault(string token)
    {
        Assert.Equal(30, Applied(token).NickLength);
    }

    [Fact]
    public void Apply_ModesWithoutValue_MeansNoLimit()
    {
        Assert.Equal(int.MaxValue, Applied("MODES").ModesPerLine);
    }

    [Fact]
    public void Apply_EscapedValue_UnescapesHexBytes()
    {
        var support = Applied(@"NETWORK=Fake\x20Net\x3Dwork");

        Assert.Equal("Fake Net=work", support.NetworkName);
        Assert.Equal("Fake Net=work", support.Tokens["NETWORK"]);
    }

    [Fact]
    public void Apply_TokenWithoutValue_IsListedWithAnEmptyValue()
    {
        var support = Applied("WHOX", "SAFELIST");

        Assert.Equal("", support.Tokens["WHOX"]);
        Assert.True(support.Tokens.ContainsKey("safelist"));
    }

    [Fact]
    public void Apply_NegatedTokens_RestoreTheDefaults()
    {
        var support = Applied("NETWORK=Fake", "PREFIX=(qaohv)~&@%+", "CHANTYPES=!", "CASEMAPPING=ascii");

        support.Apply(["-NETWORK", "-PREFIX", "-CHANTYPES", "-CASEMAPPING"]);

        Assert.Null(support.NetworkName);
        Assert.Equal(("ov", "@+"), (support.PrefixModes, support.PrefixSymbols));
        Assert.True(support.IsChannel("#a"));
        Assert.Equal(CaseMapping.Rfc1459, support.CaseMapping);
        Assert.Empty(support.Tokens);
    }

    [Theory]
    [InlineData("CHANMODES=beI,kj,l,imnpst", "-CHANMODES")]
    [InlineData("NICKLEN=9", "-NICKLEN")]
    [InlineData("MODES=12", "-MODES")]
    public void Apply_NegatedToken_BehavesAsIfItWasNeverSent(string token, string negation)
    {
        var support = Applied(token);

        support.Apply([negation]);

        var fresh = new ISupport();
        Assert.Equal(
            (fresh.Classify('j'), fresh.NickLength, fresh.ModesPerLine),
            (support.Classify('j'), support.NickLength, support.ModesPerLine));
    }

    private static ISupport Applied(params string[] tokens)
    {
        var support = new ISupport();
        support.Apply(tokens);
        return support;
    }
}
