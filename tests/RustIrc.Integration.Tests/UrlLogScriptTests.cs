using System.Globalization;
using System.Text.RegularExpressions;
using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>samples/scripts/lua/urllog.lua, unchanged, in a real client against a real server: what /urls lists.</summary>
public sealed partial class UrlLogScriptTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Urls_PeersPostUrlsInAChannel_ListsThemNewestFirstWithCountsAndWithoutPunctuation()
    {
        var since = DateTimeOffset.UtcNow;
        var (connectingAda, connectingBob) = (IrcPeer.ConnectAsync(server, Names.Nick("ada")), IrcPeer.ConnectAsync(server, Names.Nick("bob")));
        await using var scene = await ScriptedClient.StartAsync(server, "urllog");
        await using var ada = await connectingAda;
        await using var bob = await connectingBob;
        Assert.Equal(["no URLs seen yet"], await scene.PrintedByAsync("/urls"));
        await scene.PeerSendsAsync<JoinEvent>(ada, $"JOIN {scene.Channel}", e => e.Nick == ada.Nick);
        await scene.PeerSendsAsync<JoinEvent>(bob, $"JOIN {scene.Channel}", e => e.Nick == bob.Nick);

        await SayAsync(scene, ada, scene.Channel, "have a look at https://example.org/docs/page.html.");
        // Two in one line, the first in parentheses and followed by a comma, the second by "!".
        await SayAsync(scene, bob, scene.Channel, "(mirror: https://mirror.example.net/get?a=1&b=2), or http://example.com/x!");
        await SayAsync(scene, ada, scene.Channel, "again: https://example.org/docs/page.html");
        // Private messages stay out of the log.
        await SayAsync(scene, bob, scene.Nick, "just for you: https://private.example.net/secret");

        var listed = Sightings(await scene.PrintedByAsync("/urls"), since);
        Assert.Equal(
        [
            $"test/{scene.Channel} <{ada.Nick}> https://example.org/docs/page.html (seen 2 times)",
            $"test/{scene.Channel} <{bob.Nick}> http://example.com/x",
            $"test/{scene.Channel} <{bob.Nick}> https://mirror.example.net/get?a=1&b=2",
        ], listed);
        Assert.Equal([listed[0]], Sightings(await scene.PrintedByAsync("/urls 1"), since));
    }

    [Fact]
    public async Task Urls_UrlOnlyInAPrivateMessage_IsNotLogged()
    {
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("whisperer"));
        await using var scene = await ScriptedClient.StartAsync(server, "urllog");
        await using var whisperer = await connecting;

        await SayAsync(scene, whisperer, scene.Nick, "https://private.example.net/secret");

        Assert.Equal(["no URLs seen yet"], await scene.PrintedByAsync("/urls"));
    }

    /// <summary>Has <paramref name="peer"/> say <paramref name="text"/> to <paramref name="target"/>; returns once the script has seen it.</summary>
    private static Task SayAsync(ScriptedClient scene, IrcPeer peer, string target, string text) =>
        scene.PeerSendsAsync<MessageEvent>(peer, $"PRIVMSG {target} :{text}", e => e.Nick == peer.Nick && e.Text == text);

    /// <summary>
    /// Checks that each line /urls printed starts with a UTC time "MM-dd HH:mm" between <paramref name="since"/>
    /// and now, and returns the lines without it.
    /// </summary>
    private static string[] Sightings(IReadOnlyList<string> printed, DateTimeOffset since)
    {
        var earliest = since.AddTicks(-(since.Ticks % TimeSpan.TicksPerMinute));
        return printed.Select(line =>
        {
            var match = SightingLine().Match(line);
            Assert.True(match.Success, $"/urls printed \"{line}\", not \"MM-dd HH:mm SERVER/CHANNEL <NICK> URL\".");
            // The line has no year: take this year's, which is wrong only for a test run across New Year.
            var stamp = DateTimeOffset.ParseExact($"{earliest.Year}-{match.Groups["stamp"].Value}", "yyyy-MM-dd HH:mm",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.InRange(stamp, earliest, DateTimeOffset.UtcNow);
            return match.Groups["sighting"].Value;
        }).ToArray();
    }

    [GeneratedRegex(@"^(?<stamp>\d\d-\d\d \d\d:\d\d) (?<sighting>.*)$")]
    private static partial Regex SightingLine();
}
