namespace RustIrc.Modules.Scripting.Tests;

// Permissions are checked at the service boundary in the script's own name.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task Revoke_IrcRead_TheScriptsOwnCommandStillRunsInTheCurrentBuffer()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "quiet", AddCommandPrintingArguments("quiet", "Quiet.")), "quiet");
        await client.RunAsync($"{Lang} revoke quiet irc.read");
        var from = client.PrintedCount;

        // Which network the buffer belongs to is the core's question, not a call of the script's.
        var run = await client.RunAsync("/quiet ada");

        Assert.Empty(run.Errors);
        await client.WaitForLineAsync("quiet: ada", from);
    }

    [Fact]
    public async Task Revoke_IrcSend_PrivmsgIsRefusedNamingTheScriptAndTheGrantCommand()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "sender", AddCommandSendingPrivmsg("sendtest", "#rust", "hi", "nonet")), "sender");
        await client.RunAsync($"{Lang} revoke sender irc.send");

        var error = CommandError(await client.RunAsync("/sendtest"), $"{Language} 'sender': error in /sendtest");

        Assert.True(error.Contains($"{Language} 'sender' needs permission irc.send", StringComparison.Ordinal)
            && error.Contains($"{Lang} grant sender irc.send", StringComparison.Ordinal),
            $"After {Lang} revoke sender irc.send, the call should be refused naming the script, the permission and the grant command, but the user saw: {error}");
    }

    [Fact]
    public async Task Grant_ScriptThatIsNotLoaded_SaysThereIsNoSuchScript()
    {
        await using var client = await StartAsync();

        var result = await client.RunAsync($"{Lang} grant nosuch irc.send");

        var error = Assert.Single(result.Errors);
        Assert.Contains("named nosuch", error);
        Assert.DoesNotContain("usage", error);
    }

    [Fact]
    public async Task Grant_IrcSendBackAfterRevoke_PrivmsgGetsPastThePermissionCheck()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "sender", AddCommandSendingPrivmsg("sendtest", "#rust", "hi", "nonet")), "sender");
        await client.RunAsync($"{Lang} revoke sender irc.send");
        var grant = await client.RunAsync($"{Lang} grant sender irc.send");

        var error = CommandError(await client.RunAsync("/sendtest"), $"{Language} 'sender': error in /sendtest");

        Assert.Contains("irc.send", grant.Text);
        // No network is connected, so the allowed call fails one step later: the network is unknown.
        Assert.Contains("no network 'nonet'", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("needs permission", error);
    }

    [Fact]
    public async Task Connect_ByDefault_RefusedForLackOfNetworkAccess()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "dialer", AddCommandConnecting("dial", "127.0.0.1", 6667, "dialer")), "dialer");

        var error = CommandError(await client.RunAsync("/dial"), $"{Language} 'dialer': error in /dial");

        Assert.Contains($"{Language} 'dialer' needs permission network_access", error);
        Assert.Contains($"{Lang} grant dialer network_access", error);
        Assert.Empty(await client.OnLoopAsync(() => client.Kernel.Services.Get<RustIrc.Sdk.Irc.IIrcService>().Networks()));
    }

    [Fact]
    public async Task Nick_WithoutIrcSend_IsRefusedNamingThePermission()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "renamer", AddCommandChangingNick("rename", "newnick", "nonet")), "renamer");
        await client.RunAsync($"{Lang} revoke renamer irc.send");

        var error = CommandError(await client.RunAsync("/rename"), $"{Language} 'renamer': error in /rename");

        Assert.Contains($"{Language} 'renamer' needs permission irc.send for sending to IRC", error);
        Assert.DoesNotContain("ChangeNick", error); // what was refused in the user's words, not the service's method
    }

    [Fact]
    public async Task Nick_WithIrcSend_ReachesTheNetwork()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "renamer", AddCommandChangingNick("rename", "newnick", "nonet")), "renamer");

        var error = CommandError(await client.RunAsync("/rename"), $"{Language} 'renamer': error in /rename");

        // Past the permission check, the IRC module is asked to change the nick on a network it does not know.
        Assert.Contains("no network 'nonet'", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("needs permission", error);
    }

    [Fact]
    public async Task Buffers_WithoutIrcRead_IsRefusedOnReload()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "lister", PrintBuffersAndCurrent()), "lister");
        await client.RunAsync($"{Lang} revoke lister irc.read");

        var reload = await client.RunAsync($"{Lang} reload lister");

        // The buffer names show every open conversation, private ones included: what irc.read guards.
        Assert.Contains($"{Language} 'lister' needs permission irc.read for irc.buffers", reload.Text);
    }

    [Fact]
    public async Task MaskMatch_WithoutIrcPermissionsOrIrcModule_MatchesWildcardsAndRfc1459Case()
    {
        await using var client = await StartAsync(withIrc: false);
        (string, string)[] pairs =
        [
            ("*!*@*.example.org", "ada!~ada@host.example.org"),
            ("ADA[1]!*@*", "ada{1}!u@h"),
            ("ada!?ada@*", "ada!~ada@h"),
            ("bob!*@*", "ada!u@h"),
            ("*!*@*.example.org", "ada!u@example.org.evil"),
        ];
        AssertLoaded(await LoadAsync(client, "masks", PrintMaskMatches(pairs)), "masks");
        await client.RunAsync($"{Lang} revoke masks irc.read");
        await client.RunAsync($"{Lang} revoke masks irc.send");
        var from = client.PrintedCount;

        var reload = await client.RunAsync($"{Lang} reload masks");

        Assert.Contains("reloaded masks", reload.Text);
        Assert.Equal(
        [
            "mask_match *!*@*.example.org ada!~ada@host.example.org true",
            "mask_match ADA[1]!*@* ada{1}!u@h true",
            "mask_match ada!?ada@* ada!~ada@h true",
            "mask_match bob!*@* ada!u@h false",
            "mask_match *!*@*.example.org ada!u@example.org.evil false",
        ], client.PrintedSince(from).Where(l => l.StartsWith("mask_match ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Revoke_IrcRead_ListeningToIrcEventsIsRefusedOnReload()
    {
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "listener", OnJoinPrint("joined")), "listener");
        await client.RunAsync($"{Lang} revoke listener irc.read");

        var reload = await client.RunAsync($"{Lang} reload listener");

        // IRC traffic (passwords in raw lines included) is for scripts that may read it.
        Assert.Contains($"{Language} 'listener' needs permission irc.read", reload.Text);
        Assert.Contains($"{Lang} grant listener irc.read", reload.Text);
    }

    [Theory]
    [InlineData("command")]
    [InlineData("input")]
    [InlineData("tab_switch")]
    public async Task Revoke_IrcRead_ListeningToWhatTheUserTypesIsRefused(string eventName)
    {
        // Typed lines are on their way to IRC (passwords to services included) and buffer names show who the
        // user talks to: a script needs irc.read to see them, as for IRC traffic itself.
        await using var client = await StartAsync();
        var name = "typed_" + eventName;
        AssertLoaded(await LoadAsync(client, name, OnEventPrint(eventName, "seen")), name);
        await client.RunAsync($"{Lang} revoke {name} irc.read");

        var reload = await client.RunAsync($"{Lang} reload {name}");

        Assert.Contains($"{Language} '{name}' needs permission irc.read for irc.on(\"{eventName}\")", reload.Text);
    }

    [Fact]
    public async Task Revoke_IrcRead_ModuleLoadEventsStillHeard()
    {
        // Which modules come and go is not private: no permission is needed to hear it.
        await using var client = await StartAsync();
        AssertLoaded(await LoadAsync(client, "modwatch", OnEventPrint("unload", "a module left")), "modwatch");
        await client.RunAsync($"{Lang} revoke modwatch irc.read");

        var reload = await client.RunAsync($"{Lang} reload modwatch");

        Assert.Contains(reload.Replies, r => r.Text == "reloaded modwatch");
        Assert.Empty(reload.Errors);
    }
}
