using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>
/// The services go away (Anope dies, the IRC server stays): InspIRCd stops offering SASL, and a client
/// configured for SASL must register at once without an account rather than wait for a login.
/// A class of its own because it kills the services of its fixture.
/// </summary>
public sealed class ServicesOutageTests(ServicesNetwork services) : IClassFixture<ServicesNetwork>
{
    [Fact]
    public async Task Connect_SaslConfiguredWhileServicesAreDown_SaysSaslIsNotOfferedAndRegisters()
    {
        var (account, password) = (Names.Nick("acct"), "right-" + Guid.NewGuid().ToString("N")[..8]);
        await services.RegisterAsync(account, password);
        await services.StopServicesAsync();
        var nick = Names.Nick("orphan");
        await using var client = await ClientUnderTest.StartAsync();

        await client.RunAsync($"/connect --name svc --nick {nick} --sasl {account}:{password} 127.0.0.1:{services.Server.Port}");

        var connected = await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "svc");
        Assert.Equal(nick, connected.OwnNick);
        Assert.Null((await client.IrcAsync(irc => irc.FindNetwork("svc")))?.Account);
        Assert.Contains(await client.BufferLinesAsync("svc"), l => l.Contains("does not offer SASL", StringComparison.Ordinal));
    }
}
