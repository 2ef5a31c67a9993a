using RustIrc.Sdk.Irc;

namespace RustIrc.Sdk.Tests.Irc;

public sealed class IrcTargetTests
{
    [Theory]
    [InlineData("#rust", "#&", true)]
    [InlineData("&local", "#&", true)]
    [InlineData("!chan", "#&", false)]
    [InlineData("nick", "#&", false)]
    [InlineData("", "#&", false)]
    public void IsChannel_ByTheFirstCharacter(string target, string channelTypes, bool expected)
    {
        Assert.Equal(expected, IrcTarget.IsChannel(target, channelTypes));
    }

    [Theory]
    [InlineData("@#rust", "@+", "#", "#rust")]
    [InlineData("+#rust", "@+", "#", "#rust")]
    [InlineData("%#rust", "@+", "#", null)]   // not one of the status prefixes
    [InlineData("@nick", "@+", "#", null)]    // no channel after it
    [InlineData("#rust", "@+", "#", null)]    // a plain channel is not a status message
    [InlineData("@", "@+", "#", null)]
    [InlineData("@#rust", "", "#", null)]     // STATUSMSG not said: none
    public void StatusMessageChannel_OnlyAStatusPrefixBeforeAChannel(string target, string statusPrefixes, string channelTypes, string? expected)
    {
        Assert.Equal(expected, IrcTarget.StatusMessageChannel(target, statusPrefixes, channelTypes));
    }
}
