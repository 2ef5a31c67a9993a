// What a user sees after the everyday commands: /mode, /nick, /notice, /reconnect, /disconnect, and text typed in a channel.
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Irc.Tests;

public sealed class CommandFeedbackTests
{
    private const string Channel = "fake/#c";

    [Fact]
    public async Task Mode_ChannelWithoutModes_ShowsTheModesAndCreationTimeTheServerSends()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);

        await client.ExecuteAsync("/mode #c", Channel);
        await server.WaitForLineAsync("MODE #c");
        await server.SendAsync($":{FakeIrcServer.ServerName} 324 tester #c +ntl 20", $":{FakeIrcServer.ServerName} 329 tester #c 1600000000");

        await client.WaitForBufferLineAsync(Channel, "modes of #c: +ntl 20");
        await client.WaitForBufferLineAsync(Channel, "#c was created on 2020-09-13");
    }

    [Fact]
    public async Task Nick_WithASpaceOrForbiddenCharacter_IsRefusedAndNothingIsSent()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = server.LineCount;

        var (_, spaced) = await client.ExecuteAsync("/nick bad nick", IrcClient.Network);
        var (_, bang) = await client.ExecuteAsync("/nick bad!", IrcClient.Network);
        await client.SyncAsync(server);

        Assert.Contains(spaced, r => r.Contains("'bad nick' is not a valid nick", StringComparison.Ordinal));
        Assert.Contains(bang, r => r.Contains("'bad!' is not a valid nick", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Lines.Skip(from), l => l.Text.StartsWith("NICK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NickChange_OwnWhileInOneChannel_IsShownOnce()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        var printed = new List<string>();
        await client.Kernel.ClientLoop.InvokeAsync(() => { client.Kernel.Services.Get<IUiModel>().WatchLines((buffer, text, _, _) => printed.Add($"[{buffer}] {text}")); return Task.CompletedTask; });

        await client.ExecuteAsync("/nick renamed", Channel);
        await client.WaitForEventAsync<NickChangeEvent>();
        await client.SyncAsync(server);

        Assert.Single(printed, l => l.Contains("tester is now known as renamed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnect_AfterANickChange_AsksForTheCurrentNick()
    {
        await using var first = FakeIrcServer.Start();
        await using var client = await IrcClient.StartAsync();
        await client.ConnectAsync(first);
        await client.ExecuteAsync("/nick changed", IrcClient.Network);
        await client.WaitForEventAsync<NickChangeEvent>();
        await using var second = FakeIrcServer.Start(new FakeServerOptions { Port = first.Port });

        await client.ExecuteAsync("/reconnect", IrcClient.Network);

        await second.WaitForLineAsync("NICK changed");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.OwnNick == "changed", what: "the client registered again as changed");
    }

    [Fact]
    public async Task Notice_ToANick_ShowsWhereItWent()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.ExecuteAsync("/notice bob hello there", IrcClient.Network);
        await server.WaitForLineAsync("NOTICE bob :hello there");

        await client.WaitForBufferLineAsync(IrcClient.Network, "-> bob: hello there");
    }

    [Fact]
    public async Task CtcpVersion_OwnReplyEchoed_IsNotShownAsFromSomeone()
    {
        await using var session = await FakeSession.StartAsync(new FakeServerOptions { Capabilities = "echo-message" });
        var (server, client) = session;

        await server.SendAsync(":bob!b@bob.host PRIVMSG tester :\u0001VERSION\u0001");
        await server.WaitForLineAsync("NOTICE bob :\u0001VERSION ");
        await client.WaitForEventAsync<CtcpReplyEvent>(what: "our reply was echoed");
        await client.SyncAsync(server);

        var lines = await client.BufferLinesAsync(IrcClient.Network);
        Assert.DoesNotContain(lines, l => l.Text.Contains("reply from tester", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_TypedInAChannelAfterLeavingIt_IsRefusedAndNotSent()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);
        await server.SendAsync($":{server.ClientSource} PART #c");
        await client.WaitForEventAsync<PartEvent>();

        await client.Kernel.ClientLoop.InvokeAsync(() => { client.Kernel.Events.Publish(new InputEvent { Buffer = Channel, Text = "anyone?" }); return Task.CompletedTask; });
        await client.SyncAsync(server);

        Assert.Empty(server.LinesWhere(l => l.Contains("anyone?", StringComparison.Ordinal)));
        var refusal = await client.WaitForBufferLineAsync(Channel, "you are not in #c");
        Assert.Equal(LineKind.Error, refusal.Kind);
    }

    [Fact]
    public async Task Disconnect_CleanQuit_SaysDisconnectedNotThatTheServerClosedIt()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;

        await client.ExecuteAsync("/disconnect", IrcClient.Network);
        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>();
        await server.ClientGone.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(disconnected.WillReconnect);
        var lines = await client.BufferLinesAsync(IrcClient.Network);
        Assert.Equal("disconnected", lines[^1].Text);
        Assert.DoesNotContain(lines, l => l.Text.Contains("closed the connection", StringComparison.Ordinal) || l.Text.Contains("connection lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_ListWithOneChannel_SaysChannelInTheSingular()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await JoinAsync(server, client);

        var (outcome, replies) = await client.ExecuteAsync("/connect");

        Assert.Equal(CommandOutcome.Ran, outcome);
        Assert.Contains(replies, r => r.EndsWith(", 1 channel", StringComparison.Ordinal));
    }

    private static async Task JoinAsync(FakeIrcServer server, IrcClient client)
    {
        await server.SendAsync($":{server.ClientSource} JOIN #c");
        await client.WaitForBufferLineAsync(Channel, "you joined #c");
    }
}
