using System.Text;
using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// The sample native plugins of samples/plugins/native, built by gcc and cargo as their READMEs say, loaded
/// with /plugin into a real client on a real server, with a second client in the channel to see what they
/// send: rainbow (in C and in Rust), highlights, and a permission revoked at the boundary.
/// </summary>
public sealed class NativePluginTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public void Rainbow_TheRuleAsDocumented_GivesTheReadmeExample()
    {
        // The tests below trust this implementation of the rule, so it is checked against the documented example
        // first. (\u0003, not \x03: C#'s \x takes up to four hex digits, so "\x0304" is one character.)
        Assert.Equal("\u000304h\u000307i \u000308y\u000309o\u000312u", Rainbow("hi you"));
    }

    [Fact]
    public async Task Rainbow_BuiltWithGcc_SaysTheTextColouredInTheCurrentChannel()
    {
        var rainbow = NativeBuild.C("rainbow");
        await using var scene = await PluginScene.StartAsync(server);

        Assert.Equal("loaded rainbow", (await scene.Client.RunAsync($"/plugin load {rainbow}")).Text);

        await AssertSaysInRainbowAsync(scene);
    }

    [Fact]
    public async Task Rainbow_BuiltWithCargo_IsLoadedAsRainbowAndSaysTheSameAsTheC()
    {
        var rainbow = NativeBuild.BuildRust();
        await using var scene = await PluginScene.StartAsync(server);

        // librainbow.so, as cargo names it, is the plugin rainbow.
        Assert.Equal("loaded rainbow", (await scene.Client.RunAsync($"/plugin load {rainbow}")).Text);
        Assert.Contains("Says text in rainbow colours (Rust)", (await scene.Client.RunAsync("/plugin list")).Text);

        await AssertSaysInRainbowAsync(scene);
    }

    [Fact]
    public async Task Highlights_PeerMentionsTheNickInChannelAndPrivately_CountsEachMentionPerChannelButNotOwnMessages()
    {
        var highlights = NativeBuild.C("highlights");
        await using var scene = await PluginScene.StartAsync(server);
        var (client, peer, channel, nick) = (scene.Client, scene.Peer, scene.Channel, scene.ClientNick);
        Assert.Equal("loaded highlights", (await client.RunAsync($"/plugin load {highlights}")).Text);

        // Our own mention of our nick is no highlight, nor counted as a message.
        var from = peer.LineCount;
        await client.RunAsync($"/msg {channel} note to self, {nick}", buffer: scene.Network);
        await peer.WaitForAsync("PRIVMSG", l => l.Nick == nick, from: from, what: "our own message arrived");

        // Two of three channel messages mention the nick, in other cases; a private one mentions it too.
        from = client.EventCount;
        await peer.SendAsync($"PRIVMSG {channel} :good morning all");
        await peer.SendAsync($"PRIVMSG {channel} :hey {nick.ToUpperInvariant()}, are you there?");
        await peer.SendAsync($"PRIVMSG {channel} :{char.ToUpperInvariant(nick[0])}{nick[1..]}: ping");
        await peer.SendAsync($"PRIVMSG {nick} :psst {nick}");
        // Events are handled in the order they arrive, and a plugin's handler before the event is recorded.
        await client.WaitForEventAsync<MessageEvent>(e => !e.IsOwn && IrcPeer.SameName(e.Target, nick), what: "the private message arrived", from: from);

        Assert.Equal([$"highlights: 3 of 4 messages mentioned you ({channel} 2) ((private) 1)"], await scene.PrintedByAsync("/highlights"));
        Assert.Equal(["highlights: reset"], await scene.PrintedByAsync("/highlights reset"));
        Assert.Equal(["highlights: 0 of 0 messages mentioned you"], await scene.PrintedByAsync("/highlights"));
    }

    [Fact]
    public async Task Rainbow_IrcSendRevoked_PrintsTheGrantToRunAndSendsNothingUntilGranted()
    {
        var rainbow = NativeBuild.C("rainbow");
        await using var scene = await PluginScene.StartAsync(server);
        var (client, peer, channel, nick) = (scene.Client, scene.Peer, scene.Channel, scene.ClientNick);
        await client.RunAsync($"/plugin load {rainbow}");
        Assert.StartsWith("rainbow now holds", (await client.RunAsync("/plugin revoke rainbow irc.send")).Text);

        var from = peer.LineCount;
        var printed = Assert.Single(await scene.PrintedByAsync("/rainbow hi"));
        Assert.Contains("needs permission irc.send", printed);
        Assert.Contains("/plugin grant rainbow irc.send", printed);

        // Anything the plugin had sent would reach the peer before a message we send afterwards.
        await client.RunAsync($"/msg {channel} marker", buffer: scene.Network);
        var next = await peer.WaitForAsync("PRIVMSG", l => l.Nick == nick, from: from, what: "the marker (or rainbow text) arrived");
        Assert.Equal("marker", next.Last);

        // The grant the message names is the one that lets it send again.
        await client.RunAsync("/plugin grant rainbow irc.send");
        from = peer.LineCount;
        Assert.Empty(await scene.PrintedByAsync("/rainbow hi"));
        var said = await peer.WaitForAsync("PRIVMSG", l => l.Nick == nick, from: from, what: "rainbow said hi once granted");
        Assert.Equal(Rainbow("hi"), said.Last);
    }

    /// <summary>
    /// /rainbow with plain text, then with accents, a symbol and an emoji (a code point beyond UTF-16's
    /// first plane): the peer gets exactly the coloured text in the channel.
    /// </summary>
    private static async Task AssertSaysInRainbowAsync(PluginScene scene)
    {
        foreach (var text in new[] { "hi you", "héllo wörld ✓ 🌈" })
        {
            var from = scene.Peer.LineCount;
            Assert.Empty(await scene.PrintedByAsync($"/rainbow {text}"));
            var said = await scene.Peer.WaitForAsync("PRIVMSG", l => l.Nick == scene.ClientNick, from: from, what: $"rainbow said \"{text}\"");
            Assert.Equal([scene.Channel, Rainbow(text)], said.Parameters);
        }
    }

    /// <summary>
    /// The rule of the rainbow samples, written again here: before each code point that is not a space,
    /// \x03 and the next colour of 04 07 08 09 12 02 06; spaces are copied and take no colour.
    /// </summary>
    private static string Rainbow(string text)
    {
        string[] cycle = ["04", "07", "08", "09", "12", "02", "06"];
        var coloured = new StringBuilder();
        var next = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value != ' ')
            {
                coloured.Append('\x03').Append(cycle[next]);
                next = (next + 1) % cycle.Length;
            }
            coloured.Append(rune.ToString());
        }
        return coloured.ToString();
    }

    /// <summary>
    /// A client with the plugin module (its plugins folder empty: the tests load with /plugin load) and a
    /// peer, each with a fresh nick, in one fresh channel. Disposing it disconnects both and deletes the folder.
    /// </summary>
    private sealed class PluginScene : IAsyncDisposable
    {
        private readonly string _plugins;

        private PluginScene(ClientUnderTest client, IrcPeer peer, string plugins, string network, string channel, string clientNick)
        {
            (Client, Peer, _plugins, Network, Channel, ClientNick) = (client, peer, plugins, network, channel, clientNick);
        }

        public ClientUnderTest Client { get; }

        public IrcPeer Peer { get; }

        public string Network { get; }

        public string Channel { get; }

        public string ClientNick { get; }

        private string ChannelBuffer => $"{Network}/{Channel}";

        public static async Task<PluginScene> StartAsync(InspIrcdServer server)
        {
            var plugins = Directory.CreateTempSubdirectory("rustirc-plugins-").FullName;
            var (channel, clientNick) = (Names.Channel("plugins"), Names.Nick("native"));
            var client = await ClientUnderTest.StartAsync(nativePlugins: plugins);
            // InspIRCd holds every registration for about a second: register both at the same time.
            var registering = IrcPeer.ConnectAsync(server, Names.Nick("peer"));
            try
            {
                var network = await client.ConnectAsync(server, clientNick);
                var peer = await registering;
                await client.JoinAsync(network, channel);
                var from = client.EventCount;
                await peer.JoinAsync(channel);
                await client.WaitForEventAsync<JoinEvent>(e => e.Nick == peer.Nick, from: from, what: $"{peer.Nick} joined {channel}");
                return new PluginScene(client, peer, plugins, network, channel, clientNick);
            }
            catch
            {
                try
                {
                    await (await registering).DisposeAsync();
                }
                finally
                {
                    await client.DisposeAsync();
                    Directory.Delete(plugins, recursive: true);
                }
                throw;
            }
        }

        /// <summary>
        /// Runs a command line in the channel's buffer (so it is the current channel); it must run without an
        /// error. Returns the information lines printed into that buffer meanwhile: a plugin's print without
        /// a buffer shows the line in the current one. Error lines printed anywhere fail the test.
        /// </summary>
        public async Task<IReadOnlyList<string>> PrintedByAsync(string line)
        {
            var from = Client.EventCount;
            await Client.RunAsync(line, ChannelBuffer);
            // The command ran, and printed, on the client loop before RunAsync returned: its lines are recorded.
            var printed = Client.Events.Skip(from).OfType<LinePrintedEvent>().ToArray();
            if (printed.Where(e => e.Kind == LineKind.Error).Select(e => $"{e.Buffer}: {e.Text}").ToArray() is { Length: > 0 } errors)
            {
                Assert.Fail($"'{line}' printed errors:\n  {string.Join("\n  ", errors)}\n{Client.Diagnostics()}");
            }
            return printed.Where(e => e.Kind == LineKind.Info && string.Equals(e.Buffer, ChannelBuffer, StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Text).ToArray();
        }

        public async ValueTask DisposeAsync()
        {
            await Peer.DisposeAsync();
            await Client.DisposeAsync();
            try
            {
                Directory.Delete(_plugins, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover folder in /tmp is harmless.
            }
        }
    }
}
