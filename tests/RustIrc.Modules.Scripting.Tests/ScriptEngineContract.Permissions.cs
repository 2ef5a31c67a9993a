namespace RustIrc.Modules.Scripting.Tests;

// Permissions are checked at the service boundary in the script's own name.
public abstract partial class ScriptEngineContract
{
    [Fact]
    public async Task Revoke_IrcSend_PrivmsgIsRefusedNamingTheScriptAndTheGrantCommand()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "sender", AddCommandSendingPrivmsg("sendtest", "#rust", "hi", "nonet")), "sender");
        await client.RunAsync($"{Lang} revoke sender irc.send");
        var from = client.PrintedCount;

        await client.RunAsync("/sendtest");

        var error = await client.WaitForLineAsync($"{Language} 'sender': error in /sendtest", from);
        Assert.True(error.Text.Contains($"{Language} 'sender' needs permission irc.send", StringComparison.Ordinal)
            && error.Text.Contains($"{Lang} grant sender irc.send", StringComparison.Ordinal),
            $"After {Lang} revoke sender irc.send, the call should be refused naming the script, the permission and the grant command, but the user saw: {error.Text}");
    }

    [Fact]
    public async Task Grant_IrcSendBackAfterRevoke_PrivmsgGetsPastThePermissionCheck()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "sender", AddCommandSendingPrivmsg("sendtest", "#rust", "hi", "nonet")), "sender");
        await client.RunAsync($"{Lang} revoke sender irc.send");
        var grant = await client.RunAsync($"{Lang} grant sender irc.send");
        var from = client.PrintedCount;

        await client.RunAsync("/sendtest");

        Assert.Contains("irc.send", grant.Text);
        // No network is connected, so the allowed call fails one step later: the network is unknown.
        var error = await client.WaitForLineAsync($"{Language} 'sender': error in /sendtest", from);
        Assert.Contains("no network 'nonet'", error.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("needs permission", error.Text);
    }

    [Fact]
    public async Task Connect_ByDefault_RefusedForLackOfNetworkAccess()
    {
        await using var client = await StartAsync(withIrc: true);
        AssertLoaded(await LoadAsync(client, "dialer", AddCommandConnecting("dial", "127.0.0.1", 6667, "dialer")), "dialer");
        var from = client.PrintedCount;

        await client.RunAsync("/dial");

        var error = await client.WaitForLineAsync($"{Language} 'dialer': error in /dial", from);
        Assert.Contains($"{Language} 'dialer' needs permission network_access", error.Text);
        Assert.Contains($"{Lang} grant dialer network_access", error.Text);
        Assert.Empty(await client.OnLoopAsync(() => client.Kernel.Services.Get<RustIrc.Sdk.Irc.IIrcService>().Networks()));
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
}
