using RustIrc.Integration.Tests.Infrastructure;
using RustIrc.Sdk.Events;

namespace RustIrc.Integration.Tests;

/// <summary>Unloading the irc module while connected: it says goodbye to the server and leaves nothing behind.</summary>
public sealed class ModuleUnloadTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    [Fact]
    public async Task UnloadIrc_WhileInAChannel_PeerSeesTheClientQuit()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/module unload irc");

        await scene.Peer.WaitForAsync("QUIT", l => l.Nick == scene.ClientNick, what: $"{scene.ClientNick} quit");
    }

    [Fact]
    public async Task UnloadIrc_WhileConnected_ItsLoadContextIsCollected()
    {
        await using var scene = await SharedChannel.StartAsync(server);

        await scene.Client.RunAsync("/module unload irc");

        // The kernel reports in the status buffer once it has waited for the load context to go.
        var report = await scene.Client.WaitForEventAsync<LinePrintedEvent>(
            e => e.Text.StartsWith("unloaded irc in", StringComparison.Ordinal) || e.Text.StartsWith("irc leaked", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the kernel reported the unload");
        if (!report.Text.StartsWith("unloaded irc in", StringComparison.Ordinal))
        {
            Assert.Fail($"The kernel reported: {report.Text}. {await LaterFateAsync(scene.Client)}\n{scene.Client.Diagnostics()}");
        }
        Assert.DoesNotContain("irc", scene.Client.Kernel.LeakedModules);
    }

    /// <summary>
    /// Tells a slow teardown (something of the module was still running when the kernel gave up
    /// waiting, but ends soon after) from a real leak (something keeps the context alive for good).
    /// </summary>
    private static async Task<string> LaterFateAsync(ClientUnderTest client)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!client.Kernel.LeakedModules.Contains("irc"))
            {
                return $"Its load context was collected {clock.ElapsedMilliseconds} ms later: something the module started " +
                       "(a socket read, a timer, a task) was still running after StopAsync returned.";
            }
            await Task.Delay(100);
        }
        return "Its load context was still alive 5 s later: something keeps a reference into the module.";
    }
}
