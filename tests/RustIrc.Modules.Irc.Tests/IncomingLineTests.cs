// What the client makes of bytes from the server that a well-behaved server would not send, or sends
// in awkward pieces: malformed lines, odd spacing, lines cut at every byte, invalid UTF-8, oversize lines.
using System.Text;
using RustIrc.Modules.Irc.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Irc.Tests;

public sealed class IncomingLineTests
{
    private const string Alice = ":alice!a@alice.host";

    [Theory]
    [InlineData(":only.a.source")]
    [InlineData("          ")]
    [InlineData("@tags-only")]
    [InlineData(Alice + " PRIVMSG #c")]
    [InlineData(Alice + " PRIVMSG #c :nul\0inside")]
    public async Task Receive_MalformedLine_ReportsItInTheNetworkBufferAndKeepsTheConnection(string line)
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var errorsBefore = (await client.BufferLinesAsync(IrcClient.Network)).Count(l => l.Kind == LineKind.Error);
        var from = client.EventCount;

        await server.SendAsync(line, $"{Alice} PRIVMSG #c :after the bad line");

        var next = await client.WaitForEventAsync<MessageEvent>(from: from, what: "the line after the malformed one arrived");
        Assert.Equal("after the bad line", next.Text);
        var errors = (await client.BufferLinesAsync(IrcClient.Network)).Where(l => l.Kind == LineKind.Error).ToList();
        Assert.True(errors.Count > errorsBefore,
            $"Nothing reported the malformed line {Show(line)} in buffer '{IrcClient.Network}'; its error lines: [{string.Join(" | ", errors.Select(e => e.Text))}]");
        Assert.Equal(IrcConnectionState.Connected, (await client.InfoAsync()).State);
    }

    [Theory]
    [InlineData(Alice + " PRIVMSG #c :", "")]
    [InlineData(Alice + " PRIVMSG #c :  two leading, two trailing  ", "  two leading, two trailing  ")]
    [InlineData(Alice + "   PRIVMSG    #c    :spaced out", "spaced out")]
    [InlineData(Alice + " PRIVMSG #c word", "word")]
    [InlineData(Alice + " PRIVMSG #c word   ", "word")]
    [InlineData(Alice + " PRIVMSG #c ::starts with a colon", ":starts with a colon")]
    public async Task Receive_EmptyTrailingOrOddSpacing_DeliversTheTextExactly(string line, string expected)
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        await server.SendAsync(line);

        var message = await client.WaitForEventAsync<MessageEvent>(from: from);
        Assert.Equal(expected, message.Text);
        Assert.Equal("#c", message.Target);
        Assert.Equal("alice", message.Nick);
    }

    [Fact]
    public async Task Receive_LinesSentOneBytePerWrite_EveryMessageArrivesExactly()
    {
        string[] texts = ["héllo → wörld 😀", "plain ascii", "ünïcödé ✓ ½", "family 👩‍👩‍👧 emoji", "日本語のテキスト", ""];
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        var bytes = Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => $"{Alice} PRIVMSG #c :{t}\r\n")));
        await server.SendInPiecesAsync(bytes, pieceSize: 1);
        await client.SyncAsync(server);

        Assert.Equal(texts, Messages(client, from).Where(m => m.Nick == "alice").Select(m => m.Text));
    }

    [Fact]
    public async Task Receive_TwoLinesSplitAtEveryPosition_EveryMessageArrivesExactly()
    {
        const string first = "héllo → wörld 😀";
        const string second = "second line ✓";
        var chunk = Encoding.UTF8.GetBytes($"{Alice} PRIVMSG #c :{first}\r\n{Alice} PRIVMSG #c :{second}\r\n");
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        for (var split = 1; split < chunk.Length; split++)
        {
            await server.SendBytesAsync(chunk.AsMemory(0, split));
            await Task.Delay(2); // lets the client read the first piece on its own
            await server.SendBytesAsync(chunk.AsMemory(split));
        }
        await client.SyncAsync(server);

        var expected = Enumerable.Repeat(new[] { first, second }, chunk.Length - 1).SelectMany(pair => pair);
        Assert.Equal(expected, Messages(client, from).Where(m => m.Nick == "alice").Select(m => m.Text));
    }

    [Fact]
    public async Task Receive_LatinOneByteThatIsNotUtf8_DecodesItAsWindows1252()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        byte[] line = [.. Encoding.ASCII.GetBytes($"{Alice} PRIVMSG #c :caf"), 0xE9, .. " au lait\r\n"u8];
        await server.SendBytesAsync(line);

        var message = await client.WaitForEventAsync<MessageEvent>(from: from);
        Assert.Equal("café au lait", message.Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task Receive_TwentyKilobyteLine_ReportsItAndDeliversTheNextLine(int pieceSize)
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        var bytes = Encoding.UTF8.GetBytes($"{Alice} PRIVMSG #c :{new string('x', 20 * 1024)}\r\n{Alice} PRIVMSG #c :normal again\r\n");
        if (pieceSize == 0) await server.SendBytesAsync(bytes);
        else await server.SendInPiecesAsync(bytes, pieceSize, TimeSpan.FromMilliseconds(1));

        var next = await client.WaitForEventAsync<MessageEvent>(from: from);
        Assert.Equal("normal again", next.Text);
        var error = await client.WaitForBufferLineAsync(IrcClient.Network, "longer than");
        Assert.Equal(LineKind.Error, error.Kind);
        Assert.Single(await client.BufferLinesAsync(IrcClient.Network), l => l.Text.Contains("longer than", StringComparison.Ordinal));
        Assert.DoesNotContain(Messages(client, from), m => m.Text.StartsWith("xxx", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Receive_LineJustOverTheLimit_AcrossTheReadersBuffers_ReportsItAndDeliversTheNextLine(int overLimit)
    {
        // The reader's buffers are 64 KB: filler puts the long line across the first one's end, so it
        // reaches the reader in two pieces (copied to one place before parsing).
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;
        var filler = new StringBuilder();
        while (filler.Length < 65536 - 4000) filler.Append($"{Alice} PRIVMSG #c :filler\r\n");
        var head = $"{Alice} PRIVMSG #c :";
        var longLine = head + new string('x', IrcLimits.MaxLineBytes + overLimit - head.Length - 1) + "\r";

        await server.SendBytesAsync(Encoding.UTF8.GetBytes($"{filler}{longLine}\n{Alice} PRIVMSG #c :normal again\r\n"));

        var next = await client.WaitForEventAsync<MessageEvent>(m => m.Text == "normal again", from: from);
        Assert.DoesNotContain(Messages(client, from), m => m.Text.StartsWith("xxx", StringComparison.Ordinal));
        Assert.Equal(IrcConnectionState.Connected, (await client.InfoAsync()).State);
        await client.WaitForBufferLineAsync(IrcClient.Network, "longer than");
    }

    [Fact]
    public async Task Receive_ReaderFailsUnexpectedly_TheNetworkSaysSoAndIsNotLeftHanging()
    {
        await using var client = await IrcClient.StartAsync();
        await client.Kernel.ClientLoop.InvokeAsync(() =>
        {
            client.Kernel.ProvideHostService<IIrcTransport>(new BrokenTransport());
            return Task.CompletedTask;
        });
        var from = client.EventCount;

        await client.IrcAsync(irc => irc.Connect(new IrcNetworkOptions { Name = IrcClient.Network, Host = "irc.example.net", Nick = "tester", Reconnect = false }));

        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(from: from, what: "the network reported the failure");
        Assert.Contains("the client failed reading it (InvalidOperationException: a bug in the stream)", disconnected.Reason);
        Assert.Contains("this is a bug in RustIrc", disconnected.Reason);
        await client.WaitForBufferLineAsync(IrcClient.Network, "failed reading it");
    }

    /// <summary>A connection whose reads throw what no socket would: a stand-in for a bug in the reader.</summary>
    private sealed class BrokenTransport : IIrcTransport
    {
        public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(new BrokenStream());

        private sealed class BrokenStream : MemoryStream
        {
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                throw new InvalidOperationException("a bug in the stream");
        }
    }

    [Fact]
    public async Task Receive_ServerClosesInTheMiddleOfALine_DisconnectsWithAReasonAndDropsThePartialLine()
    {
        await using var session = await FakeSession.StartAsync();
        var (server, client) = session;
        var from = client.EventCount;

        await server.SendBytesAsync(Encoding.UTF8.GetBytes($"{Alice} PRIVMSG #c :complete\r\n{Alice} PRIVMSG #c :partial li"));
        await server.CloseClientAsync();

        var disconnected = await client.WaitForEventAsync<DisconnectedEvent>(from: from);
        Assert.False(string.IsNullOrWhiteSpace(disconnected.Reason));
        Assert.False(disconnected.WillReconnect);
        Assert.Equal(["complete"], Messages(client, from).Select(m => m.Text));
        Assert.Equal(IrcConnectionState.Disconnected, (await client.InfoAsync()).State);
    }

    private static IEnumerable<MessageEvent> Messages(IrcClient client, int from) =>
        client.Events.Skip(from).OfType<MessageEvent>().Where(m => m.Nick != "sync");

    private static string Show(string line) => "\"" + line.Replace("\0", "\\0", StringComparison.Ordinal) + "\"";
}
