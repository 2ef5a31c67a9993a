// /op, /deop, /voice, /devoice, /ban, /unban and /kickban: the exact lines they send.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Irc.Tests;

public sealed class ChannelOperatorCommandTests
{
    private const string Channel = "fake/#c";

    [Fact]
    public async Task Op_FourNicksWhereTheServerAllowsThreeModesPerLine_SendsTwoModeLines()
    {
        await using var session = await FakeSession.StartAsync(); // no MODES token: RFC 1459's 3
        var (server, client) = session;
        await JoinAsync(server, client);
        var from = server.LineCount;

        await client.ExecuteAsync("/op alice bob carol dave", Channel);

        await server.WaitForLineAsync("MODE #c +o d", from: from);
        Assert.Equal(["MODE #c +ooo alice bob carol", "MODE #c +o dave"], ModeLines(server, from));
    }

    [Fact]
    public async Task Devoice_ServerAllowsTwentyModes_SendsOneLine()
    {
        await using var session = await FakeSession.StartAsync(new FakeServerOptions { ISupport = ["CASEMAPPING=rfc1459", "PREFIX=(ov)@+", "MODES=20"] });
        var (server, client) = session;
        await JoinAsync(server, client);
        var from = server.LineCount;

        await client.ExecuteAsync("/devoice alice bob carol dave", Channel);
        await client.ExecuteAsync("/deop #other zed", Channel);

        await server.WaitForLineAsync("MODE #other", from: from);
        Assert.Equal(["MODE #c -vvvv alice bob carol dave", "MODE #other -o zed"], ModeLines(server, from));
    }

    [Fact]
    public async Task Op_WithoutANick_IsAUsageErrorAndSendsNothing()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        var from = server.LineCount;

        var (_, replies) = await client.ExecuteAsync("/op", Channel);
        var (_, elsewhere) = await client.ExecuteAsync("/voice bob", IrcClient.Network);
        await client.SyncAsync(server);

        Assert.Equal(["Error: usage: /op [#CHAN] NICK…"], replies);
        Assert.Contains(elsewhere, r => r.Contains("/voice needs a channel here", StringComparison.Ordinal));
        Assert.Empty(ModeLines(server, from));
    }

    [Fact]
    public async Task Ban_NickWhoseHostIsKnown_BansTheirHostAndAnUnknownNickByNick()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        await server.SendAsync(":bob!b@bob.example.org JOIN #c");
        await client.SyncAsync(server);
        var from = server.LineCount;

        await client.ExecuteAsync("/ban bob", Channel);
        await client.ExecuteAsync("/ban stranger", Channel);
        await client.ExecuteAsync("/ban evil@*.example.com", Channel);
        await client.ExecuteAsync("/unban *!*@bob.example.org", Channel);
        await client.ExecuteAsync("/ban", Channel);

        await server.WaitForLineAsync("MODE #c +b", from: server.LineCount - 1);
        await client.SyncAsync(server);
        Assert.Equal(["MODE #c +b *!*@bob.example.org", "MODE #c +b stranger!*@*", "MODE #c +b *!evil@*.example.com", "MODE #c -b *!*@bob.example.org", "MODE #c +b"],
            ModeLines(server, from));
    }

    [Fact]
    public async Task KickBan_NickWithReason_BansThenKicks()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        await server.SendAsync(":bob!b@bob.example.org JOIN #c");
        await client.SyncAsync(server);
        var from = server.LineCount;

        await client.ExecuteAsync("/kickban bob enough of that", Channel);

        await server.WaitForLineAsync("KICK", from: from);
        Assert.Equal(["MODE #c +b *!*@bob.example.org", "KICK #c bob :enough of that"],
            server.Lines.Skip(from).Select(l => l.Text).Where(l => l.StartsWith("MODE", StringComparison.Ordinal) || l.StartsWith("KICK", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Complete_OpInAChannel_OffersItsNicks()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        await server.SendAsync(":bob!b@h JOIN #c", ":bert!b@h JOIN #c", ":alice!a@h JOIN #c");
        await client.SyncAsync(server);
        await client.ExecuteAsync("/names", Channel); // makes the channel's buffer current

        var offered = await client.Kernel.ClientLoop.InvokeAsync(() => client.Kernel.Commands.Complete("/op b"));

        Assert.Equal(["bert", "bob"], offered.Select(o => o.Split(' ')[^1]));
    }

    private static string[] ModeLines(FakeIrcServer server, int from) =>
        server.Lines.Skip(from).Select(l => l.Text).Where(l => l.StartsWith("MODE", StringComparison.Ordinal)).ToArray();

    private static async Task JoinAsync(FakeIrcServer server, IrcClient client)
    {
        await server.SendAsync($":{server.ClientSource} JOIN #c");
        await client.WaitForBufferLineAsync(Channel, "you joined #c");
    }
}
