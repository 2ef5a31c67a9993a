using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests;

/// <summary>
/// samples/scripts/python/example_bot.py, the Python example of the design notes, unchanged, in a real client
/// against a real server with a second client: its file use refused until granted, seen tracking, the mention
/// reply, /seen and /config, auto-op, and its state saved on unload and read again on load.
/// </summary>
public sealed class PythonExampleBotTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task ExampleBot_AsWrittenInTheDesignNotes_WorksOnceItsFilesAreGranted()
    {
        var (connectingAda, connectingBob) = (IrcPeer.ConnectAsync(server, Names.Nick("ada")), IrcPeer.ConnectAsync(server, Names.Nick("bob")));
        await using var scene = await ScriptedClient.StartPythonAsync(server, "example_bot");
        await using var ada = await connectingAda;
        await using var bob = await connectingBob;
        var client = scene.Client;
        var data = Path.Combine(client.DataDirectory, "modules", "python", "example_bot");

        // At load, on_load printed its greeting, registered its commands, and was refused reading its saved state.
        await client.WaitForEventAsync<LinePrintedEvent>(e => e.Text == "Example Bot v1.0.0 loaded!", what: "on_load printed");
        var readRefused = await client.WaitForEventAsync<LinePrintedEvent>(e => e.Kind == LineKind.Error && e.Text.Contains("error in on_load", StringComparison.Ordinal),
            what: "on_load was refused its file");
        Assert.Contains($"PermissionError: python 'example_bot' needs permission file_read:{data}/seen_users.json", readRefused.Text);
        Assert.Contains($"/python grant example_bot file_read:{data}/seen_users.json", readRefused.Text);

        // A message: seen is recorded, but the log file is refused, naming the grant.
        await ada.JoinAsync(scene.Channel);
        var from = client.EventCount;
        await ada.SendAsync($"PRIVMSG {scene.Channel} :good morning");
        var writeRefused = await client.WaitForEventAsync<LinePrintedEvent>(e => e.Kind == LineKind.Error && e.Text.Contains("error in message handler", StringComparison.Ordinal),
            what: "the log file was refused", from: from);
        Assert.Contains($"/python grant example_bot file_write:{data}/log_{scene.Channel}.txt", writeRefused.Text);
        Assert.StartsWith($"{ada.Nick} was last seen 0 seconds ago in {scene.Channel}: good morning", (await client.RunAsync($"/seen {ada.Nick}")).Text);

        // Granted its own folder, it logs, and answers a mention with the configured greeting.
        await client.RunAsync($"/python grant example_bot file_read:{data}");
        await client.RunAsync($"/python grant example_bot file_write:{data}");
        await ada.SendAsync($"PRIVMSG {scene.Channel} :hey {scene.Nick}, are you there?");
        var reply = await ada.WaitForAsync("PRIVMSG", l => l.Nick == scene.Nick, what: "the bot answered the mention");
        Assert.Equal([scene.Channel, $"{ada.Nick}: Hello!"], reply.Parameters);
        Assert.Contains($"<{ada.Nick}> hey {scene.Nick}, are you there?", File.ReadAllText(Path.Combine(data, $"log_{scene.Channel}.txt")));

        // Its commands answer with what their handlers return.
        Assert.Equal("Usage: !seen <nickname>", (await client.RunAsync("/seen")).Text);
        Assert.Equal("I haven't seen nobody", (await client.RunAsync("/seen nobody")).Text);
        Assert.Equal("greeting = Hello", (await client.RunAsync("/config get greeting")).Text);
        Assert.Equal("Set greeting = Howdy", (await client.RunAsync("/config set greeting Howdy")).Text);
        await ada.SendAsync($"PRIVMSG {scene.Channel} :{scene.Nick}: again");
        reply = await ada.WaitForAsync("PRIVMSG", l => l.Nick == scene.Nick && l.Last != $"{ada.Nick}: Hello!", what: "the bot answered with the new greeting");
        Assert.Equal($"{ada.Nick}: Howdy!", reply.Last);

        // Auto-op: the configured nick is opped when it joins (the script tests `nick in config["auto_op"]`).
        Assert.Equal($"Set auto_op = {bob.Nick}", (await client.RunAsync($"/config set auto_op {bob.Nick}")).Text);
        await bob.JoinAsync(scene.Channel);
        var mode = await bob.WaitForAsync("MODE", l => l.Nick == scene.Nick, what: $"{scene.Nick} opped {bob.Nick}");
        Assert.Equal([scene.Channel, "+o", bob.Nick], mode.Parameters);

        // Unloading saves who was seen; loading again reads it back.
        Assert.Equal("unloaded example_bot", (await client.RunAsync("/python unload example_bot")).Text);
        Assert.Contains(ada.Nick.ToLowerInvariant(), File.ReadAllText(Path.Combine(data, "seen_users.json")));
        Assert.Equal("loaded example_bot", (await client.RunAsync("/python load example_bot")).Text);
        Assert.StartsWith($"{ada.Nick} was last seen", (await client.RunAsync($"/seen {ada.Nick}")).Text);
    }
}
