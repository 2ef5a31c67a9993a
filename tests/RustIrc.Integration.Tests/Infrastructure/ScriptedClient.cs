using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// The client under test running some of the sample scripts, copied unchanged from <c>samples/scripts/lua</c>
/// (or <c>python</c>) into a scripts folder of its own, connected to the test server and in a
/// fresh channel it opened (so it is the channel's operator). Disposing it disconnects the client and
/// deletes the folder.
/// </summary>
public sealed class ScriptedClient : IAsyncDisposable
{
    private readonly string _scripts;

    private ScriptedClient(ClientUnderTest client, string scripts, string network, string nick, string channel)
    {
        Client = client;
        _scripts = scripts;
        Network = network;
        Nick = nick;
        Channel = channel;
    }

    public ClientUnderTest Client { get; }

    /// <summary>The network's name in the client (<c>test</c>).</summary>
    public string Network { get; }

    /// <summary>The client's nick.</summary>
    public string Nick { get; }

    public string Channel { get; }

    /// <summary>The channel's buffer in the UI model: <c>network/#channel</c>.</summary>
    public string ChannelBuffer => $"{Network}/{Channel}";

    /// <summary>
    /// Starts a client with the sample Lua scripts <paramref name="scripts"/> (names without <c>.lua</c>),
    /// checks that each is running, connects and joins a fresh channel.
    /// </summary>
    public static Task<ScriptedClient> StartAsync(InspIrcdServer server, params string[] scripts) => StartAsync(server, "lua", scripts);

    /// <summary>The same with the sample Python scripts <paramref name="scripts"/> (names without <c>.py</c>).</summary>
    public static Task<ScriptedClient> StartPythonAsync(InspIrcdServer server, params string[] scripts) => StartAsync(server, "python", scripts);

    private static async Task<ScriptedClient> StartAsync(InspIrcdServer server, string language, string[] scripts)
    {
        var extension = language == "python" ? ".py" : ".lua";
        var folder = Directory.CreateTempSubdirectory($"rustirc-{language}-").FullName;
        foreach (var script in scripts)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "scripts", script + extension), Path.Combine(folder, script + extension));
        }
        var client = language == "python" ? await ClientUnderTest.StartAsync(pythonScripts: folder) : await ClientUnderTest.StartAsync(luaScripts: folder);
        try
        {
            // The scripts load on the client loop once the kernel has started, so /lua list (which runs
            // on the loop too, later) sees them; a script that failed to load says why here, not as a
            // mysterious "Unknown command /seen" later.
            var list = await client.RunAsync($"/{language} list");
            foreach (var script in scripts)
            {
                if (!list.Replies.Any(r => r.Text.Contains(": running", StringComparison.Ordinal) && r.Text.Contains(script, StringComparison.Ordinal)))
                {
                    Assert.Fail($"Script {script} is not running; /{language} list replied:\n  {list.Text.Replace("\n", "\n  ")}\n{client.Diagnostics()}");
                }
            }
            var nick = Names.Nick("scripted");
            var channel = Names.Channel("scripts");
            var network = await client.ConnectAsync(server, nick);
            await client.JoinAsync(network, channel);
            return new ScriptedClient(client, folder, network, nick, channel);
        }
        catch
        {
            await client.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Runs a command line in <paramref name="buffer"/> (the channel's by default); it must run without
    /// an error. Returns the information lines printed into that buffer meanwhile: a script's command
    /// answers with <c>print</c>, which shows the line in the current buffer rather than as the command's
    /// reply.
    /// </summary>
    public async Task<IReadOnlyList<string>> PrintedByAsync(string line, string? buffer = null)
    {
        buffer ??= ChannelBuffer;
        var from = Client.EventCount;
        await Client.RunAsync(line, buffer);
        // Commands run and print on the client loop, and RunAsync returns once the command has returned,
        // so every line it printed has been recorded by now.
        var printed = Client.Events.Skip(from).OfType<LinePrintedEvent>().ToArray();
        // An error in a script's command makes the command fail with the error as its reply, which
        // RunAsync catches; an error in one of its handlers is printed in the status buffer, caught here.
        var errors = printed.Where(e => e.Kind == LineKind.Error).Select(e => $"{e.Buffer}: {e.Text}").ToArray();
        if (errors.Length > 0)
        {
            Assert.Fail($"'{line}' printed errors:\n  {string.Join("\n  ", errors)}\n{Client.Diagnostics()}");
        }
        // print shows Info lines; IRC traffic that arrived meanwhile is shown as Event and Message lines.
        return printed.Where(e => e.Kind == LineKind.Info && string.Equals(e.Buffer, buffer, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Text).ToArray();
    }

    /// <summary>
    /// Has <paramref name="peer"/> send <paramref name="line"/> and waits until the client published the
    /// event it caused, the first <typeparamref name="T"/> after it that <paramref name="match"/> accepts.
    /// The scripts' handlers run before an event is recorded, so they have handled it by then.
    /// </summary>
    public async Task<T> PeerSendsAsync<T>(IrcPeer peer, string line, Func<T, bool> match) where T : RustIrcEvent
    {
        var from = Client.EventCount;
        await peer.SendAsync(line);
        return await Client.WaitForEventAsync(match, what: $"{peer.Nick} sent \"{line}\"", from: from);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            Directory.Delete(_scripts, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in /tmp is harmless.
        }
    }
}
