using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// samples/scripts/lua/autoop.lua, unchanged, in a real client against a real server. The script asks
/// for the default permissions only (irc.read, irc.send, ui_modification); its MODE needs irc.send, so
/// taking irc.send away (/lua revoke) must stop it from opping anyone, and say so.
/// </summary>
public sealed class AutoOpScriptTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task AutoOp_MaskOnTheListMatchesWhoJoins_ScriptOpsThemAndNobodyElse()
    {
        var (connectingOther, connectingFriend) = (IrcPeer.ConnectAsync(server, Names.Nick("other")), IrcPeer.ConnectAsync(server, Names.Nick("friend")));
        await using var scene = await OperatorAsync();
        await using var other = await connectingOther;
        await using var friend = await connectingFriend;
        Assert.Equal(["autoop: the list is empty; /autoop add nick!user@host adds a mask"], await scene.PrintedByAsync("/autoop"));
        // Upper case and a ? in the host: the script folds case and matches wildcards.
        var mask = $"{friend.Nick.ToUpperInvariant()}!*@127.0.0.?";
        Assert.Equal([$"autoop: {mask}"], await scene.PrintedByAsync($"/autoop add {mask}"));

        await other.JoinAsync(scene.Channel);
        await friend.JoinAsync(scene.Channel);

        // Other was in the channel first, so it sees every MODE the client sent about either of them, in order.
        var mode = await other.WaitForAsync("MODE", l => l.Nick == scene.Nick, what: $"{scene.Nick} set a mode in {scene.Channel}");
        Assert.Equal([scene.Channel, "+o", friend.Nick], mode.Parameters);
        Assert.DoesNotContain(other.Received("MODE"), l => l.Parameters.Contains(other.Nick));
        var members = await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel),
            m => m.Any(x => x.Nick == friend.Nick && x.Prefixes == "@"), $"{friend.Nick} is an operator");
        Assert.Equal("", Assert.Single(members, m => m.Nick == other.Nick).Prefixes);
        // It says what it did, with the hostmask the server gave and the mask that matched.
        var join = await other.WaitForAsync("JOIN", l => l.Nick == friend.Nick);
        await scene.Client.WaitForEventAsync<LinePrintedEvent>(e => e.Text == $"autoop: +o {friend.Nick} in {scene.Channel} ({join.Source} matches {mask})",
            what: "the script said it opped the friend");
    }

    [Fact]
    public async Task AutoOp_IrcSendRevoked_RefusedWithAClearMessageAndNobodyIsOpped()
    {
        var connecting = IrcPeer.ConnectAsync(server, Names.Nick("friend"));
        await using var scene = await OperatorAsync();
        await using var friend = await connecting;
        var revoked = await scene.Client.RunAsync("/lua revoke autoop irc.send");
        Assert.Equal("autoop now holds ui_modification, irc.read", revoked.Text);
        var mask = $"{friend.Nick}!*@*";
        Assert.Equal([$"autoop: {mask}"], await scene.PrintedByAsync($"/autoop add {mask}"));
        var from = scene.Client.EventCount;

        await friend.JoinAsync(scene.Channel);

        // The refusal names the script, the permission and how to grant it, in the status buffer.
        var refusal = await scene.Client.WaitForEventAsync<LinePrintedEvent>(e => e.Kind == LineKind.Error && e.Text.Contains("autoop", StringComparison.Ordinal),
            what: "the client reported an error of autoop", from: from);
        Assert.Equal(IUiModel.StatusBuffer, refusal.Buffer);
        Assert.StartsWith("lua 'autoop': error in join handler: ", refusal.Text, StringComparison.Ordinal);
        Assert.EndsWith("lua 'autoop' needs permission irc.send for sending to IRC; grant it with /lua grant autoop irc.send", refusal.Text, StringComparison.Ordinal);
        // Nothing went out: a line the client sends after the refusal reaches the friend with no MODE before it.
        await scene.Client.TypeAsync(scene.ChannelBuffer, "anything before this?");
        await friend.WaitForAsync("PRIVMSG", l => l.Nick == scene.Nick && l.Last == "anything before this?");
        Assert.DoesNotContain(friend.Received("MODE"), l => l[0] == scene.Channel);
        Assert.DoesNotContain(scene.Client.Events.Skip(from), e => e is RawLineEvent { Outgoing: true } raw && raw.Line.StartsWith("MODE", StringComparison.Ordinal));
        Assert.DoesNotContain(scene.Client.Events.Skip(from), e => e is LinePrintedEvent p && p.Text.StartsWith("autoop: +o", StringComparison.Ordinal));
        var members = await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel),
            m => m.Any(x => x.Nick == friend.Nick), $"{friend.Nick} is in {scene.Channel}");
        Assert.Equal("", Assert.Single(members, m => m.Nick == friend.Nick).Prefixes);

        // The permission was all that was missing: granted again, the next join is opped.
        Assert.Equal("autoop now holds ui_modification, irc.read, irc.send", (await scene.Client.RunAsync("/lua grant autoop irc.send")).Text);
        await friend.SendAsync($"PART {scene.Channel}");
        await friend.JoinAsync(scene.Channel);
        var mode = await friend.WaitForAsync("MODE", l => l.Nick == scene.Nick, what: $"{scene.Nick} opped {friend.Nick} after the grant");
        Assert.Equal([scene.Channel, "+o", friend.Nick], mode.Parameters);
    }

    /// <summary>The client with autoop.lua, in a fresh channel where it is the operator (the script ops nobody otherwise).</summary>
    private async Task<ScriptedClient> OperatorAsync()
    {
        var scene = await ScriptedClient.StartAsync(server, "autoop");
        try
        {
            await scene.Client.WaitForStateAsync(irc => irc.Members(scene.Network, scene.Channel).SingleOrDefault(m => m.Nick == scene.Nick)?.Prefixes,
                p => p == "@", $"{scene.Nick} is the operator of {scene.Channel}");
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }
}
