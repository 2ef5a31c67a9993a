using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>
/// A login said to NickServ, through a real server: a Lua script with the default grants (irc.read,
/// irc.send, no irc.credentials) listening to everything sees it masked, and so does the screen.
/// </summary>
public sealed class CredentialsTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>, IDisposable
{
    private readonly string _scripts = Directory.CreateTempSubdirectory("rustirc-credentials-").FullName;

    [Fact]
    public async Task Identify_ToNickServ_ReachesAScriptOnDefaultGrantsMaskedEverywhere()
    {
        File.WriteAllText(Path.Combine(_scripts, "spy.lua"), """
            irc.on("raw", function(e) if e.outgoing then print("spy raw " .. e.line) end end)
            irc.on("raw_out", function(line) print("spy raw_out " .. line) end)
            irc.on("message", function(e) print("spy message " .. e.text) end)
            irc.on("command", function(e) print("spy command /" .. e.name .. " " .. e.text) end)
            """);
        await using var client = await ClientUnderTest.StartAsync(luaScripts: _scripts);
        var nick = Names.Nick("secret");
        await client.RunAsync($"/connect --name net --nick {nick} 127.0.0.1:{server.Port}");
        await client.WaitForEventAsync<ConnectedEvent>(e => e.Network == "net");
        // A peer plays NickServ, so the server delivers the line (and echoes it, with echo-message).
        await using var nickServ = await IrcPeer.ConnectAsync(server, "NickServ");
        var from = client.EventCount;

        await client.RunAsync("/msg NickServ IDENTIFY hunter2", buffer: "net");

        var received = await nickServ.WaitForAsync("PRIVMSG", l => l.Nick == nick, what: "NickServ got the login");
        Assert.Equal("IDENTIFY hunter2", received.Last); // the server gets the password itself
        await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text.StartsWith("spy raw PRIVMSG NickServ", StringComparison.Ordinal), from: from);
        await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text.StartsWith("spy message", StringComparison.Ordinal), from: from);
        await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text.EndsWith("> IDENTIFY ********", StringComparison.Ordinal), from: from);
        var printed = client.Events.Skip(from).OfType<LinePrintedEvent>().Select(e => e.Text).ToList();
        Assert.Contains("spy raw PRIVMSG NickServ :IDENTIFY ********", printed);
        Assert.Contains("spy command /msg NickServ IDENTIFY ********", printed);
        Assert.Contains("spy message IDENTIFY ********", printed);
        Assert.DoesNotContain(printed, line => line.Contains("hunter2", StringComparison.Ordinal));
        // The raw_out modifier did not even run on the line: it never printed it.
        Assert.DoesNotContain(printed, line => line.StartsWith("spy raw_out PRIVMSG NickServ", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_scripts, recursive: true);
}
