using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcHostnameTests
{
    [Theory]
    [InlineData("irc.example.com")]
    [InlineData("i.coolguy.net")]
    [InlineData("irc-srv.net.uk")]
    [InlineData("iRC.CooLguY.NeT")]
    [InlineData("gsf.ds342.co.uk")]
    [InlineData("324.net.uk")]
    [InlineData("xn--bcher-kva.ch")]
    [InlineData("services.")]
    [InlineData("irc.example.com.")]
    [InlineData("127.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("0::1")]
    [InlineData("2001:db8::ff00:42:8329")]
    [InlineData("::ffff:192.0.2.1")]
    public void IsValid_GoodHost_True(string host)
    {
        Assert.True(IrcHostname.IsValid(host));
    }

    [Theory]
    [InlineData("-lol-.net.uk")]
    [InlineData("-lol.net.uk")]
    [InlineData("lol-.net.uk")]
    [InlineData("_irc._sctp.lol.net.uk")]
    [InlineData("irc")]
    [InlineData("com")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("example. net")]
    [InlineData("ex ample.org")]
    [InlineData(" example.org")]
    [InlineData("example.org ")]
    [InlineData(".")]
    [InlineData(".example.com")]
    [InlineData("a..b")]
    [InlineData("example.com..")]
    [InlineData("irc.Bücher.ch")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4.5")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("1:2:3")]
    [InlineData("irc.example.com:6667")]
    public void IsValid_BadHost_False(string host)
    {
        Assert.False(IrcHostname.IsValid(host));
    }

    [Fact]
    public void IsValid_LabelLength_SixtyThreeAllowed()
    {
        Assert.True(IrcHostname.IsValid(new string('a', 63) + ".com"));
        Assert.False(IrcHostname.IsValid(new string('a', 64) + ".com"));
    }

    [Fact]
    public void IsValid_TotalLength_TwoHundredFiftyThreeAllowed()
    {
        var label = new string('a', 63);
        var longest = $"{label}.{label}.{label}.{new string('b', 61)}";

        Assert.Equal(253, longest.Length);
        Assert.True(IrcHostname.IsValid(longest));
        Assert.True(IrcHostname.IsValid(longest + "."));
        Assert.False(IrcHostname.IsValid(longest + "b"));
    }
}
