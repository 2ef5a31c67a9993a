using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Testing;
using Xunit;

namespace RustIrcPlugin.Tests;

public sealed class RustIrcPluginTests
{
    [Fact]
    public async Task Hello_InAChannel_TheGreetingIsSent()
    {
        await using var host = await PluginTestHost.StartAsync();
        await host.Server.ForceJoinAsync("#test", "alice");

        await host.Server.PrivmsgAsync("alice", "#test", "!hello");

        await host.Server.WaitForLineAsync(line => line == "PRIVMSG #test :Hello, alice!", what: "the plugin greets alice");
    }

    [Fact]
    public async Task Hello_GreetingSetting_IsUsed()
    {
        var settings = new Dictionary<string, string?> { ["modules:rustirc-plugin-id:greeting"] = "Hi" };
        await using var host = await PluginTestHost.StartAsync(new PluginTestOptions { Settings = settings });
        await host.Server.ForceJoinAsync("#test");

        await host.Server.PrivmsgAsync("bob", "#test", "!hello");

        await host.Server.WaitForLineAsync(line => line == "PRIVMSG #test :Hi, bob!", what: "the plugin greets bob with the setting");
    }

    [Fact]
    public async Task Hello_InAPrivateMessage_NoAnswer()
    {
        await using var host = await PluginTestHost.StartAsync();

        await host.Server.PrivmsgAsync("alice", host.Server.Nick, "!hello");
        await host.SyncAsync();

        Assert.Empty(host.Server.Messages);
    }

    [Fact]
    public async Task Command_SaysWhatThePluginDoes()
    {
        await using var host = await PluginTestHost.StartAsync();

        var result = await host.RunAsync("/rustirc-plugin-id");

        Assert.Equal(CommandOutcome.Ran, result.Outcome);
        Assert.Equal("rustirc-plugin-id answers !hello with \"Hello, <nick>!\"", result.Text);
    }

    [Fact]
    public async Task SendingWithoutPermission_IsRefused()
    {
        await using var host = await PluginTestHost.StartAsync(new PluginTestOptions { Withhold = ["irc.send"], FailOnErrors = false });
        await host.Server.ForceJoinAsync("#test");

        await host.Server.PrivmsgAsync("alice", "#test", "!hello");
        await host.SyncAsync();

        Assert.Empty(host.Server.Messages);
        Assert.Contains(host.Denials, denial => denial.Contains("needs permission irc.send"));
    }
}
