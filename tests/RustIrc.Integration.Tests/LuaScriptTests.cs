using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>The sample Lua scripts, unchanged, in a real client against a real server.</summary>
public sealed class LuaScriptTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>, IDisposable
{
    private readonly string _scripts = Directory.CreateTempSubdirectory("rustirc-lua-").FullName;

    [Fact]
    public async Task AutoGreet_SomeoneJoinsAWelcomeChannel_TheScriptGreetsThem()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "scripts", "autogreet.lua"), Path.Combine(_scripts, "autogreet.lua"));
        await using var client = await ClientUnderTest.StartAsync(luaScripts: _scripts);
        var nick = Names.Nick("greeter");
        await client.RunAsync($"/connect --name net --nick {nick} 127.0.0.1:{server.Port}");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "net");
        await client.RunAsync("/join #welcome", buffer: "net");
        await client.WaitForEventAsync<JoinEvent>(e => e.Nick == nick && e.Channel == "#welcome");

        await using var guest = await IrcPeer.ConnectAsync(server, Names.Nick("guest"));
        await guest.JoinAsync("#welcome");

        var greeting = await guest.WaitForAsync("PRIVMSG", l => l.Nick == nick, what: "the script greeted the guest");
        Assert.Equal("#welcome", greeting[0]);
        Assert.Equal($"Welcome to #welcome, {guest.Nick}!", greeting.Last);

        // Its command works from the channel's buffer too.
        await client.RunAsync("/greet Ada", buffer: "net/#welcome");
        var hello = await guest.WaitForAsync("PRIVMSG", l => l.Nick == nick && l.Last.StartsWith("Hello", StringComparison.Ordinal));
        Assert.Equal("Hello, Ada!", hello.Last);
    }

    [Fact]
    public async Task Message_ToAChannelAndToUs_OnlyTheChannelOneHasAChannel()
    {
        await using var scene = await WhereSceneAsync("where");
        var (client, talker, nick, channel) = (scene.Client, scene.Talker, scene.Nick, scene.Channel);
        var from = client.EventCount;

        // Which targets are channels comes from the server's CHANTYPES.
        await talker.SendAsync($"PRIVMSG {channel} :hello all");
        await talker.SendAsync($"PRIVMSG {nick} :hello you");

        await client.WaitForEventAsync<MessageEvent>(e => e.Text == "hello you", from: from);
        var printed = client.Events.Skip(from).OfType<LinePrintedEvent>().Select(e => e.Text).Where(t => t.StartsWith("where ", StringComparison.Ordinal));
        Assert.Equal([$"where target={channel} channel={channel}", $"where target={nick} channel=nil"], printed);
    }

    [Fact]
    public async Task Message_ToTheChannelsOperatorsOnly_HasTheChannel_AndIsShownInTheChannelsBuffer()
    {
        // The first to join a channel is its operator, so the client receives what is sent to @#channel.
        await using var scene = await WhereSceneAsync("ops");
        var (client, talker, network, channel) = (scene.Client, scene.Talker, scene.Network, scene.Channel);
        var from = client.EventCount;

        // STATUSMSG (ISUPPORT) says which prefixes a target may have; InspIRCd lists @ among them.
        await talker.SendAsync($"PRIVMSG @{channel} :ops only");

        await client.WaitForEventAsync<MessageEvent>(e => e.Text == "ops only", from: from);
        var printed = await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text.StartsWith("where ", StringComparison.Ordinal), from: from);
        Assert.Equal($"where target=@{channel} channel={channel}", printed.Text);
        var shown = await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text.Contains("ops only", StringComparison.Ordinal) && !e.Text.StartsWith("where", StringComparison.Ordinal), from: from);
        Assert.Equal($"{network}/{channel}", shown.Buffer);
        Assert.Equal($"<{talker.Nick}:@{channel}> ops only", shown.Text);
    }

    public void Dispose() => Directory.Delete(_scripts, recursive: true);

    /// <summary>
    /// A client with a script printing <c>where target=T channel=C</c> for every message, joined to a new
    /// channel first (so its operator), and a second user who joined after it.
    /// </summary>
    private async Task<WhereScene> WhereSceneAsync(string name)
    {
        File.WriteAllText(Path.Combine(_scripts, "where.lua"),
            """irc.on("message", function(e) print("where target=" .. e.target .. " channel=" .. tostring(e.channel)) end)""");
        var client = await ClientUnderTest.StartAsync(luaScripts: _scripts);
        var nick = Names.Nick(name);
        var channel = Names.Channel(name);
        var network = await client.ConnectAsync(server, nick);
        await client.JoinAsync(network, channel);
        var talker = await IrcPeer.ConnectAsync(server, Names.Nick("talker"));
        await talker.JoinAsync(channel);
        return new WhereScene(client, talker, nick, network, channel);
    }

    private sealed record WhereScene(ClientUnderTest Client, IrcPeer Talker, string Nick, string Network, string Channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Talker.DisposeAsync();
            await Client.DisposeAsync();
        }
    }
}
