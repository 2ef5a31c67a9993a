// What the flood path costs in memory: bytes allocated per channel message, from the socket to the UI
// model's scrollback, with no handler but the client's own printer.
using System.Text;
using Xunit.Abstractions;
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Tests.Shared;

namespace RustIrc.Modules.Irc.Tests;

/// <summary>Tests that measure the whole process (its allocations), so they run alone.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;

[Collection(nameof(MeasuredAlone))]
public sealed class AllocationBudgetTests(ITestOutputHelper output)
{
    /// <summary>The hot-path goal (docs/performance.md): a message's text, its event and its parsed line fit in this.</summary>
    private const int BudgetBytesPerMessage = 400;

    private const string Channel = "#flood";

    [Fact]
    public async Task ChannelMessages_WithNoHandlers_AllocateAtMost400BytesEachOnTheWayToTheScrollback()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        await server.SendAsync($":{server.ClientSource} JOIN {Channel}");
        await server.SendBytesAsync(PrivmsgFlood.Joins(300, Channel));
        await client.WaitForBufferLineAsync($"{IrcClient.Network}/{Channel}", "nick299 (");
        await client.StopRecordingAsync(); // from here only the irc module's printer handles the messages

        // The first flood warms up what a long session has warm: the JIT, the reader's string pool, the source cache.
        await FloodAsync(client, server, 20_000, "warm");
        var measured = PrivmsgFlood.Lines(100_000, 300, Channel, $":fake.server NOTICE {Channel} :measured");
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await FloodAsync(client, server, measured, "measured");
        var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - before) / 100_000.0;
        output.WriteLine($"{perMessage:0.0} bytes allocated per channel message");

        var last = IrcMessage.Parse(Encoding.UTF8.GetString(measured).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[^2]);
        Assert.Contains(await client.BufferLinesAsync($"{IrcClient.Network}/{Channel}"),
            line => line.Text == $"<{IrcSource.Parse(last.Source!).Nick}> {last.Parameters[1]}");
        Assert.True(perMessage <= BudgetBytesPerMessage,
            $"A channel message allocated {perMessage:0} bytes on its way to the scrollback; the budget is {BudgetBytesPerMessage} (see docs/performance.md on finding where).");
    }

    private static Task FloodAsync(IrcClient client, FakeIrcServer server, int count, string marker) =>
        FloodAsync(client, server, PrivmsgFlood.Lines(count, 300, Channel, $":fake.server NOTICE {Channel} :{marker}"), marker);

    /// <summary>Sends the flood and waits until the client has handled its last line, the notice that says <paramref name="marker"/>.</summary>
    private static async Task FloodAsync(IrcClient client, FakeIrcServer server, byte[] flood, string marker)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IDisposable? subscription = null;
        await client.Kernel.ClientLoop.InvokeAsync(() =>
        {
            subscription = client.Kernel.Events.Subscribe<NoticeEvent>(e =>
            {
                if (e.Text == marker) handled.TrySetResult();
                return EventResult.Continue;
            });
            return Task.CompletedTask;
        });
        try
        {
            await server.SendBytesAsync(flood);
            await handled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await client.Kernel.ClientLoop.InvokeAsync(() =>
            {
                subscription!.Dispose();
                return Task.CompletedTask;
            });
        }
    }
}
