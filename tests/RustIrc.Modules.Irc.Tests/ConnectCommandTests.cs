using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Tests;

public sealed class ConnectCommandTests
{
    private static readonly IrcSettings Settings = new() { Nick = "default" };

    [Fact]
    public void TryParseUrl_IrcUrlWithPortAndChannels_JoinsEveryChannel()
    {
        var options = Url("irc://irc.example.net:6667/#a,#b");

        Assert.Equal(("irc.example.net", 6667, false), (options.Host, options.Port, options.Tls));
        Assert.Equal(["#a", "#b"], options.AutoJoin);
        Assert.Equal(("irc.example.net", "default"), (options.Name, options.Nick));
    }

    [Fact]
    public void TryParseUrl_IrcsUrlWithoutPort_UsesTlsOnTheTlsPort()
    {
        var options = Url("ircs://irc.example.net");

        Assert.True(options.Tls);
        Assert.Equal(6697, options.EffectivePort);
        Assert.Empty(options.AutoJoin);
    }

    [Fact]
    public void TryParseUrl_ChannelWithoutHash_GetsOne()
    {
        Assert.Equal(["#rustirc", "&local"], Url("irc://irc.example.net/rustirc,&local").AutoJoin);
    }

    [Fact]
    public void TryParseUrl_HostWithPlusPort_MeansTls()
    {
        var options = Url("irc.example.net:+6697");

        Assert.Equal(("irc.example.net", 6697, true), (options.Host, options.Port, options.Tls));
    }

    [Fact]
    public void TryParseUrl_PlainHost_UsesThePlainPort()
    {
        var options = Url("irc.example.net");

        Assert.Equal(("irc.example.net", 6667, false), (options.Host, options.EffectivePort, options.Tls));
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("irc://[::1]:6667")]
    public void TryParseUrl_Ipv6Address_IsAccepted(string text)
    {
        var options = Url(text);

        Assert.Equal("::1", options.Host.Trim('[', ']'));
    }

    [Theory]
    [InlineData("irc.example.net:99999", "not a port number")]
    [InlineData("irc.example.net:0", "not a port number")]
    [InlineData("irc.example.net:abc", "not a port number")]
    [InlineData("http://irc.example.net", "not an irc:// or ircs:// address")]
    [InlineData("irc://irc.example.net:99999/#x", "'99999' is not a port number")]
    [InlineData("ircs:///#x", "names no server")]
    [InlineData("bad host!", "not a valid host name")]
    [InlineData("bad host", "not a valid host name")]
    [InlineData("irc://ho\u0007st/#a", "not a valid host name")]
    [InlineData("-dash.example", "not a valid host name")]
    [InlineData("", "names no server")]
    public void TryParseUrl_BadAddress_ExplainsWhatIsWrong(string text, string expected)
    {
        Assert.False(ConnectCommand.TryParseUrl(text, Settings, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("localhost", "localhost", 0)]
    [InlineData("znc:6697", "znc", 6697)]
    [InlineData("irc://my-bouncer:6668/#a", "my-bouncer", 6668)]
    [InlineData("irc://localhost/#a", "localhost", 0)]
    [InlineData("127.0.0.1", "127.0.0.1", 0)]
    public void TryParseUrl_SingleLabelOrAddressHost_IsAccepted(string text, string host, int port)
    {
        var options = Url(text);

        Assert.Equal((host, port), (options.Host, options.Port));
    }

    [Fact]
    public void TryParseUrl_NameBeforeTheUrl_NamesTheNetwork()
    {
        var options = Url("home=irc://127.0.0.1:6668/#b");

        Assert.Equal(("home", "127.0.0.1", 6668), (options.Name, options.Host, options.Port));
        Assert.Equal(["#b"], options.AutoJoin);
    }

    [Fact]
    public void TryParse_EveryOption_EndsUpInTheOptions()
    {
        var options = Parse("--tls", "--name", "libera", "--nick", "bob", "--sasl", "account:pa:ss", "--password", "serverpass", "irc.libera.chat");

        Assert.Equal(("libera", "irc.libera.chat", "bob", true), (options.Name, options.Host, options.Nick, options.Tls));
        Assert.Equal(("PLAIN", "account", "pa:ss"), (options.SaslMechanism, options.SaslUser, options.SaslPassword));
        Assert.Equal("serverpass", options.Password);
    }

    [Fact]
    public void TryParse_SaslExternalWithCertificate_UsesExternal()
    {
        var options = Parse("--sasl-external", "--cert", "/home/u/client.pem", "--insecure", "--fingerprint", "AB:CD", "ircs://irc.example.net");

        Assert.Equal(("EXTERNAL", "/home/u/client.pem"), (options.SaslMechanism, options.ClientCertificate));
        Assert.True(options.AcceptInvalidCertificate);
        Assert.Equal("AB:CD", options.CertificateFingerprint);
    }

    [Theory]
    [InlineData("unknown option --frobnicate", "--frobnicate", "irc.example.net")]
    [InlineData("which server?", "--tls")]
    [InlineData("which server?")]
    [InlineData("--nick needs a value", "irc.example.net", "--nick")]
    [InlineData("--sasl takes USER:PASSWORD", "--sasl", "nocolon", "irc.example.net")]
    [InlineData("--sasl takes USER:PASSWORD", "--sasl", ":password", "irc.example.net")]
    [InlineData("one server at a time", "irc.example.net", "irc.example.org")]
    [InlineData("not a port number", "irc.example.net:70000")]
    public void TryParse_BadArguments_ExplainsWhatIsWrong(string expected, params string[] arguments)
    {
        Assert.False(ConnectCommand.TryParse(arguments, Settings, out _, out var error));
        Assert.Contains(expected, error);
    }

    private static IrcNetworkOptions Url(string text)
    {
        Assert.True(ConnectCommand.TryParseUrl(text, Settings, out var options, out var error), error);
        return options;
    }

    private static IrcNetworkOptions Parse(params string[] arguments)
    {
        Assert.True(ConnectCommand.TryParse(arguments, Settings, out var options, out var error), error);
        return options;
    }
}
