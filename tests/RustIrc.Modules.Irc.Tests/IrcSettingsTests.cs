using Microsoft.Extensions.Configuration;

namespace RustIrc.Modules.Irc.Tests;

public sealed class IrcSettingsTests
{
    [Fact]
    public void Read_NetworksArray_BuildsEachNetworkWithTheDefaultsFilledIn()
    {
        var (settings, problems) = Read(new()
        {
            ["nick"] = "bob",
            ["alternativeNicks"] = "bob_, bobby",
            ["networks:0:name"] = "libera",
            ["networks:0:host"] = "irc.libera.chat",
            ["networks:0:port"] = "6697",
            ["networks:0:tls"] = "true",
            ["networks:0:autoJoin:0"] = "#rust",
            ["networks:0:autoJoin:1"] = "#keyed secret",
            ["networks:0:saslUser"] = "bobaccount",
            ["networks:0:saslPassword"] = "hunter2",
            ["networks:1:host"] = "irc.oftc.net",
            ["networks:1:nick"] = "robert",
            ["networks:1:floodRate"] = "0",
        });

        Assert.Empty(problems);
        var libera = settings.AutoConnect[0];
        Assert.Equal(("libera", "irc.libera.chat", 6697, true, "bob"), (libera.Name, libera.Host, libera.Port, libera.Tls, libera.Nick));
        Assert.Equal(["bob_", "bobby"], libera.AlternativeNicks);
        Assert.Equal(["#rust", "#keyed secret"], libera.AutoJoin);
        Assert.Equal(("PLAIN", "bobaccount", "hunter2"), (libera.SaslMechanism, libera.SaslUser, libera.SaslPassword));
        var oftc = settings.AutoConnect[1];
        Assert.Equal(("irc.oftc.net", "robert", 0d, false), (oftc.Name, oftc.Nick, oftc.FloodRate, oftc.Tls));
        Assert.Null(oftc.SaslMechanism);
    }

    [Theory]
    [InlineData(null, "RECOVER")]
    [InlineData("REGAIN", "REGAIN")]
    [InlineData(" GHOST ", "GHOST")]
    [InlineData("", "")]
    public void Read_NickServRecover_OneWordOrNone(string? value, string expected)
    {
        var (settings, problems) = Read(new() { ["nickServRecover"] = value });

        Assert.Equal(expected, settings.NickServRecover);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("RECOVER me")]
    [InlineData("RECOVER\r\nQUIT")]
    public void Read_NickServRecoverNotOneWord_IsReportedAndTheDefaultKept(string value)
    {
        var (settings, problems) = Read(new() { ["nickServRecover"] = value });

        Assert.Equal("RECOVER", settings.NickServRecover);
        Assert.Contains(problems, p => p.Contains("nickServRecover", StringComparison.Ordinal) && p.Contains("is not a NickServ command", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NetworkWithoutHost_IsSkippedWithAProblem()
    {
        var (settings, problems) = Read(new() { ["networks:0:name"] = "nowhere" });

        Assert.Empty(settings.AutoConnect);
        Assert.Contains(problems, p => p.Contains("has no \"host\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NetworkWithAutoConnectOff_IsNotConnectedAtStart()
    {
        var (settings, problems) = Read(new() { ["networks:0:host"] = "irc.example.net", ["networks:0:autoConnect"] = "false" });

        Assert.Empty(problems);
        Assert.Empty(settings.AutoConnect);
    }

    [Fact]
    public void Read_NetworkHostWithASpace_IsSkippedWithAProblem()
    {
        var (settings, problems) = Read(new() { ["networks:0:host"] = "irc example net", ["networks:1:host"] = "localhost" });

        Assert.Equal("localhost", Assert.Single(settings.AutoConnect).Host);
        Assert.Contains(problems, p => p.Contains("'irc example net' is not a valid host name", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ConnectUrls_AddANetworkEach()
    {
        var (settings, problems) = Read(new()
        {
            ["connect:0"] = "ircs://irc.example.net/#a",
            ["connect:1"] = "irc.example.org:6668",
        });

        Assert.Empty(problems);
        Assert.Equal([("irc.example.net", true, 0), ("irc.example.org", false, 6668)], settings.AutoConnect.Select(n => (n.Host, n.Tls, n.Port)));
        Assert.Equal(["#a"], settings.AutoConnect[0].AutoJoin);
    }

    [Fact]
    public void Read_SingleConnectUrl_AddsOneNetwork()
    {
        var (settings, _) = Read(new() { ["connect"] = "irc://irc.example.net" });

        Assert.Equal("irc.example.net", Assert.Single(settings.AutoConnect).Host);
    }

    [Fact]
    public void Read_BadConnectUrl_IsReportedAndSkipped()
    {
        var (settings, problems) = Read(new() { ["connect"] = "irc.example.net:notaport" });

        Assert.Empty(settings.AutoConnect);
        Assert.Contains(problems, p => p.Contains("irc.example.net:notaport", StringComparison.Ordinal) && p.Contains("not a port number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("floodBurst", "lots")]
    [InlineData("pingInterval", "-5")]
    [InlineData("floodRate", "2,5")]
    public void Read_BadNumber_IsReportedAndTheDefaultKept(string key, string value)
    {
        var (settings, problems) = Read(new() { [key] = value });

        Assert.Contains(problems, p => p.Contains(key, StringComparison.Ordinal) && p.Contains("not a number", StringComparison.Ordinal));
        var defaults = new IrcSettings();
        Assert.Equal((defaults.FloodBurst, defaults.PingInterval, defaults.FloodRate), (settings.FloodBurst, settings.PingInterval, settings.FloodRate));
    }

    [Theory]
    [InlineData("pingInterval", "1e300")]
    [InlineData("pingTimeout", "Infinity")]
    [InlineData("reconnectDelay", "31536001")]
    [InlineData("maxReconnectDelay", "99999999999999999999")]
    public void Read_TimeBeyondAYear_IsReportedAndTheDefaultKept(string key, string value)
    {
        var (settings, problems) = Read(new() { [key] = value });

        Assert.Contains($"modules.irc {key}: \"{value}\" seconds is more than a year", Assert.Single(problems), StringComparison.Ordinal);
        var defaults = new IrcSettings();
        Assert.Equal((defaults.PingInterval, defaults.PingTimeout, defaults.ReconnectDelay, defaults.MaxReconnectDelay),
            (settings.PingInterval, settings.PingTimeout, settings.ReconnectDelay, settings.MaxReconnectDelay));
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("66.5")]
    public void Read_NetworkPortThatIsNoPort_IsReportedAndTheNetworkSkipped(string port)
    {
        var (settings, problems) = Read(new() { ["networks:0:host"] = "irc.example.org", ["networks:0:port"] = port });

        Assert.Empty(settings.AutoConnect);
        Assert.Contains($"port {port} is not a port number", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadBool_IsReportedAndTheDefaultKept()
    {
        var (settings, problems) = Read(new() { ["ctcpReplies"] = "yes please" });

        Assert.True(settings.CtcpReplies);
        Assert.Contains(problems, p => p.Contains("ctcpReplies", StringComparison.Ordinal) && p.Contains("not true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NothingConfigured_GivesWorkingDefaults()
    {
        var (settings, problems) = Read([]);

        Assert.Empty(problems);
        Assert.Empty(settings.AutoConnect);
        Assert.False(string.IsNullOrEmpty(settings.Nick));
        Assert.Equal((5, 2d, true), (settings.FloodBurst, settings.FloodRate, settings.CtcpReplies));
    }

    private static (IrcSettings Settings, List<string> Problems) Read(Dictionary<string, string?> values)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create("modules:irc:" + v.Key, v.Value)))
            .Build()
            .GetSection("modules:irc");
        var problems = new List<string>();
        var settings = IrcSettings.Read(section, problems);
        return (settings, problems);
    }
}
