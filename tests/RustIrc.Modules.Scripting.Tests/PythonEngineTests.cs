using System.Text.RegularExpressions;
using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>What is the Python engine's own, beyond the contract: what it holds of a script once the script is gone.</summary>
public sealed partial class PythonEngineTests
{
    private const string Busy = """
        import irc
        def hello(event):
            print("hello", event.nick)
        def on_join(server_id, channel, nick):
            print("joined", nick)
        def on_unload():
            print("saving")
        irc.on("message", hello)
        irc.on("notice", lambda event: None)
        irc.add_command("busy", lambda args: "busy here", "Busy.")
        irc.timer(50, lambda: None, True)
        """;

    [Fact]
    public async Task UnloadAndReload_ScriptWithHandlersCommandsAndTimers_LeavesNoNamespaceOrFunctionBehind()
    {
        await using var client = await ScriptingClient.StartAsync(new ScriptingSetup { Engine = "python" });
        Assert.Equal("CPython starts with the first Python script", (await client.RunAsync("/python list")).Replies[0].Text);

        var loaded = await client.LoadAsync("busy", Busy, "python", ".py");
        Assert.Contains("loaded busy", loaded.Text);
        var from = client.PrintedCount;
        await client.PublishAsync(new JoinEvent { Network = "net", Nick = "ada", Channel = "#a" });
        await client.WaitForLineAsync("joined ada", from);
        // Handlers (2), the seed-style hook, the command and the timer: five functions of the script's.
        Assert.Equal((1, 5), await HeldAsync(client));

        for (var i = 0; i < 3; i++) await client.RunAsync("/python reload busy");
        Assert.Equal((1, 5), await HeldAsync(client));

        await client.RunAsync("/python unload busy");
        Assert.Equal((0, 0), await HeldAsync(client));
        Assert.Equal(4, client.CountLines("saving", from));
    }

    [Fact]
    public async Task NestedCall_CallerOutOfMemory_TheCalledScriptIsNotChargedForItsArguments()
    {
        await using var client = await ScriptingClient.StartAsync(new ScriptingSetup { Engine = "python" });
        Assert.Contains("loaded watcher", (await client.LoadAsync("watcher", """
            import irc
            irc.on("display", lambda text, server: print("watcher saw", len(text)) if text.startswith("full") else None)
            """, "python", ".py")).Text);
        var from = client.PrintedCount;

        // The hog fills its memory, keeping 4 KB back for its own call, then prints 200 KB: the watcher's display
        // modifier is called inside the hog's call, and the copy of the text handed to it is the watcher's to pay for.
        // (Filling to the last byte made the hog's own call fail at random: CPython's free lists are shared.)
        var hog = await client.LoadAsync("hog", """
            import irc
            text = "full" + "x" * 200000
            reserve = bytearray(4096)
            keep = []
            sizes = [1 << k for k in range(20, -1, -1)]
            def fill():
                for size in sizes:
                    while True:
                        try:
                            keep.append(bytearray(size))
                        except MemoryError:
                            break
            try:
                fill()
            except MemoryError:
                pass  # the filling's own bookkeeping found the limit first
            del reserve
            irc.print(text)
            """, "python", ".py");

        Assert.Contains("memory limit", hog.Text);
        await client.WaitForLineAsync("watcher saw 200004", from);
        Assert.Contains(": running", await client.ListLineAsync("watcher", "python"));
    }

    /// <summary>The script namespaces and functions the python module holds, from the status line of /python list.</summary>
    private static async Task<(int Namespaces, int Functions)> HeldAsync(ScriptingClient client)
    {
        var status = (await client.RunAsync("/python list")).Replies[0].Text;
        var match = StatusLine().Match(status);
        Assert.True(match.Success, $"Not the status line of the python module: {status}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    [GeneratedRegex(@"^CPython 3\.\d+\.\d+; (\d+) script namespaces and (\d+) script functions held$")]
    private static partial Regex StatusLine();
}
