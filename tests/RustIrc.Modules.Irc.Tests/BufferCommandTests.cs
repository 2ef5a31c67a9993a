// Buffers and conversations: /close, /clear, and a query that follows the other person's nick.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc.Tests;

public sealed class BufferCommandTests
{
    [Fact]
    public async Task NickChange_OfTheOtherPersonInACurrentQuery_RenamesTheBufferKeepingItsLines()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await server.SendAsync(":bob!b@h PRIVMSG tester :hi there");
        await client.WaitForBufferLineAsync("fake/bob", "<bob> hi there");
        await client.ExecuteAsync("/query bob", "fake/bob");

        await server.SendAsync(":bob!b@h NICK robert");
        await client.WaitForEventAsync<NickChangeEvent>();
        await server.SendAsync(":robert!b@h PRIVMSG tester :new name");
        await client.SyncAsync(server);

        var names = await client.UiAsync(ui => ui.Buffers().Select(b => b.Name).ToArray());
        Assert.Contains("fake/robert", names);
        Assert.DoesNotContain("fake/bob", names);
        Assert.Equal(["<bob> hi there", "bob is now known as robert", "<robert> new name"], (await client.BufferLinesAsync("fake/robert")).Select(l => l.Text));
        Assert.Equal("fake/robert", await client.UiAsync(ui => ui.CurrentBuffer));
    }

    [Fact]
    public async Task Close_JoinedChannel_PartsAndClosesTheBufferOnceTheServerConfirms()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await server.SendAsync($":{server.ClientSource} JOIN #c");
        await client.WaitForBufferLineAsync("fake/#c", "you joined #c");

        var (_, replies) = await client.ExecuteAsync("/close", "fake/#c");
        await server.WaitForLineAsync("PART #c");
        await server.SendAsync($":{server.ClientSource} PART #c");
        await client.SyncAsync(server);

        Assert.Empty(replies);
        Assert.DoesNotContain("fake/#c", await client.UiAsync(ui => ui.Buffers().Select(b => b.Name).ToArray()));
        Assert.NotEqual("fake/#c", await client.UiAsync(ui => ui.CurrentBuffer));
    }

    [Fact]
    public async Task Close_QueryByName_ClosesItWithoutSendingAnything()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await client.ExecuteAsync("/query bob", IrcClient.Network);
        var from = server.LineCount;

        await client.ExecuteAsync("/close bob", IrcClient.Network);
        await client.SyncAsync(server);

        Assert.DoesNotContain("fake/bob", await client.UiAsync(ui => ui.Buffers().Select(b => b.Name).ToArray()));
        Assert.DoesNotContain(server.Lines.Skip(from), l => !l.Text.StartsWith("PONG", StringComparison.Ordinal) && !l.Text.StartsWith("PING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_StatusOrAConnectedServerBuffer_IsRefusedWithWhatToDo()
    {
        await using var session = await FakeSession.StartAsync();
        var (_, client) = session;

        var (_, status) = await client.ExecuteAsync("/close", IUiModel.StatusBuffer);
        var (_, server) = await client.ExecuteAsync("/close", IrcClient.Network);

        Assert.Equal(["Error: The status buffer cannot be closed; /quit leaves the client."], status);
        Assert.Equal(["Error: fake is the server buffer of a network still in use: /disconnect fake first."], server);
    }

    [Fact]
    public async Task Clear_ChannelBuffer_EmptiesItsScrollbackOnly()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await server.SendAsync($":{server.ClientSource} JOIN #c", ":bob!b@h PRIVMSG #c :old line");
        await client.WaitForBufferLineAsync("fake/#c", "old line");

        await client.ExecuteAsync("/clear", "fake/#c");
        await server.SendAsync(":bob!b@h PRIVMSG #c :new line");
        await client.SyncAsync(server);

        Assert.Equal(["<bob> new line"], (await client.BufferLinesAsync("fake/#c")).Select(l => l.Text));
        Assert.NotEmpty(await client.BufferLinesAsync(IrcClient.Network));
    }
}
