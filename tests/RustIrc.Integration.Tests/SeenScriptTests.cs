using System.Globalization;
using System.Text.RegularExpressions;
using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>samples/scripts/lua/seen.lua, unchanged, in a real client against a real server: what /seen NICK answers.</summary>
public sealed partial class SeenScriptTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task Seen_PeerJoinsTalksChangesNickAndParts_ReportsTheLatestSightingEachTime()
    {
        var since = DateTimeOffset.UtcNow;
        // InspIRCd holds every registration for about a second: register the peer while the client does.
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("ada"));
        await using var scene = await ScriptedClient.StartAsync(server, "seen");
        await using var ada = await connecting;
        var channel = scene.Channel;

        Assert.Equal([$"I have not seen {ada.Nick} on any server"], await scene.PrintedByAsync($"/seen {ada.Nick}"));

        await scene.PeerSendsAsync<JoinEvent>(ada, $"JOIN {channel}", e => e.Nick == ada.Nick);
        Assert.Equal($"joining {channel}", Doing(await scene.PrintedByAsync($"/seen {ada.Nick}"), ada.Nick, since));

        await scene.PeerSendsAsync<MessageEvent>(ada, $"PRIVMSG {channel} :hello everyone", e => e.Nick == ada.Nick);
        Assert.Equal($"saying \"hello everyone\" in {channel}", Doing(await scene.PrintedByAsync($"/seen {ada.Nick}"), ada.Nick, since));

        // The script keeps 80 characters of a message: 77 and an ellipsis.
        var rambling = string.Concat(Enumerable.Repeat("0123456789", 10));
        await scene.PeerSendsAsync<MessageEvent>(ada, $"PRIVMSG {channel} :{rambling}", e => e.Nick == ada.Nick && e.Text == rambling);
        Assert.Equal($"saying \"{rambling[..77]}...\" in {channel}", Doing(await scene.PrintedByAsync($"/seen {ada.Nick}"), ada.Nick, since));

        await scene.PeerSendsAsync<ActionEvent>(ada, $"PRIVMSG {channel} :\u0001ACTION waves\u0001", e => e.Nick == ada.Nick);
        Assert.Equal($"* {ada.Nick} waves (in {channel})", Doing(await scene.PrintedByAsync($"/seen {ada.Nick}"), ada.Nick, since));

        // Both names lead somewhere after a nick change.
        var renamed = ada.Nick + "_";
        await scene.PeerSendsAsync<NickChangeEvent>(ada, $"NICK {renamed}", e => e.Nick == ada.Nick);
        Assert.Equal($"changing nick to {renamed}", Doing(await scene.PrintedByAsync($"/seen {ada.Nick}"), ada.Nick, since));
        Assert.Equal($"changing nick from {ada.Nick}", Doing(await scene.PrintedByAsync($"/seen {renamed}"), renamed, since));

        await scene.PeerSendsAsync<PartEvent>(ada, $"PART {channel} :see you", e => e.Nick == renamed);
        Assert.Equal($"leaving {channel} (see you)", Doing(await scene.PrintedByAsync($"/seen {renamed}"), renamed, since));
    }

    [Fact]
    public async Task Seen_PeerQuits_ReportsTheQuitWithItsReason()
    {
        var since = DateTimeOffset.UtcNow;
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("quitter"));
        await using var scene = await ScriptedClient.StartAsync(server, "seen");
        await using var quitter = await connecting;
        // The client hears of a quit only from someone it shares a channel with.
        await scene.PeerSendsAsync<JoinEvent>(quitter, $"JOIN {scene.Channel}", e => e.Nick == quitter.Nick);

        await scene.PeerSendsAsync<QuitEvent>(quitter, "QUIT :gone fishing", e => e.Nick == quitter.Nick);

        // The server prefixes the reason (prefixquit in inspircd.conf.template).
        Assert.Equal("quitting (Quit: gone fishing)", Doing(await scene.PrintedByAsync($"/seen {quitter.Nick}"), quitter.Nick, since));
    }

    [Fact]
    public async Task Seen_NickWithBracketsAndBackslash_FoundUnderItsRfc1459CaseFolding()
    {
        var since = DateTimeOffset.UtcNow;
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick(@"Se[e]n\"));
        await using var scene = await ScriptedClient.StartAsync(server, "seen");
        await using var peer = await connecting;
        await scene.PeerSendsAsync<JoinEvent>(peer, $"JOIN {scene.Channel}", e => e.Nick == peer.Nick);

        // In rfc1459 casemapping [ ] \ are the upper case of { } |: "Se[e]n\7" and "SE{E}N|7" are one nick.
        var asked = peer.Nick.ToUpperInvariant().Replace('[', '{').Replace(']', '}').Replace('\\', '|');

        // The answer names the nick as it was written.
        Assert.Equal($"joining {scene.Channel}", Doing(await scene.PrintedByAsync($"/seen {asked}"), peer.Nick, since));
    }

    [Fact]
    public async Task Seen_PeerSentUsAPrivateMessage_SaysOnlyThatTheySentOne()
    {
        var since = DateTimeOffset.UtcNow;
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("whisperer"));
        await using var scene = await ScriptedClient.StartAsync(server, "seen");
        await using var whisperer = await connecting;

        await scene.PeerSendsAsync<MessageEvent>(whisperer, $"PRIVMSG {scene.Nick} :the password is hunter2", e => e.Nick == whisperer.Nick);

        var printed = await scene.PrintedByAsync($"/seen {whisperer.Nick}");
        Assert.Equal("sending a private message", Doing(printed, whisperer.Nick, since));
        Assert.DoesNotContain("hunter2", printed[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seen_AfterLuaReload_StillRemembersFromItsStorage()
    {
        var since = DateTimeOffset.UtcNow;
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("remembered"));
        await using var scene = await ScriptedClient.StartAsync(server, "seen");
        await using var peer = await connecting;
        await scene.PeerSendsAsync<JoinEvent>(peer, $"JOIN {scene.Channel}", e => e.Nick == peer.Nick);
        await scene.PeerSendsAsync<MessageEvent>(peer, $"PRIVMSG {scene.Channel} :before the reload", e => e.Nick == peer.Nick);

        // A reload throws the Lua state away: only what is in irc.storage can answer afterwards.
        var reload = await scene.Client.RunAsync("/lua reload seen");

        Assert.Equal("reloaded seen", reload.Text);
        Assert.Equal($"saying \"before the reload\" in {scene.Channel}", Doing(await scene.PrintedByAsync($"/seen {peer.Nick}"), peer.Nick, since));
    }

    /// <summary>
    /// Checks that /seen printed exactly one line, "NICK was last seen on test just now (TIME UTC), DOING",
    /// naming <paramref name="nick"/> at a minute between <paramref name="since"/> and now; returns DOING.
    /// </summary>
    private static string Doing(IReadOnlyList<string> printed, string nick, DateTimeOffset since)
    {
        var line = Assert.Single(printed);
        var match = SeenLine().Match(line);
        Assert.True(match.Success, $"/seen printed \"{line}\", not \"NICK was last seen on test just now (yyyy-MM-dd HH:mm UTC), DOING\".");
        Assert.Equal(nick, match.Groups["nick"].Value);
        var stamp = DateTimeOffset.ParseExact(match.Groups["stamp"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(stamp, since.AddTicks(-(since.Ticks % TimeSpan.TicksPerMinute)), DateTimeOffset.UtcNow);
        return match.Groups["doing"].Value;
    }

    [GeneratedRegex(@"^(?<nick>\S+) was last seen on test just now \((?<stamp>\d{4}-\d\d-\d\d \d\d:\d\d) UTC\), (?<doing>.*)$")]
    private static partial Regex SeenLine();
}
