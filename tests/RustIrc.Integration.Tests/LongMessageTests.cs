using System.Text;
using RustIrc.Integration.Tests.Infrastructure;

namespace RustIrc.Integration.Tests;

/// <summary>
/// Text longer than one IRC line: the client splits it so that every line the other user receives
/// (with the server's <c>:nick!user@host</c> prefix in front) stays within 512 bytes, and no character
/// is lost, duplicated or cut in half on the way.
/// </summary>
public sealed class LongMessageTests(InspIrcdServer server) : IClassFixture<InspIrcdServer>
{
    private const int MaxLineBytes = 512; // including CR LF

    [Fact]
    public async Task SendMessage_1200CharactersOfMixedUtf8Words_PeerReceivesEveryWordInOrderInLinesWithin512Bytes()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var text = MixedWords(minimumLength: 1200);
        var words = text.Split(' ');

        await scene.Client.IrcAsync(irc => irc.SendMessage(scene.Network, scene.Channel, text));

        var lines = await ReceiveUntilAsync(scene, received => Words(received).Count >= words.Length);
        Assert.Equal(words, Words(lines.Select(l => l.Last)));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l.Raw) + 2 <= MaxLineBytes,
            $"A received line is {Encoding.UTF8.GetByteCount(l.Raw) + 2} bytes with CR LF: {l.Raw}"));
        Assert.True(lines.Count > 1, "the text should have needed several lines");
    }

    [Fact]
    public async Task Msg_LongRunWithoutSpaces_PeerReceivesItWholeWithNoCharacterCutInHalf()
    {
        await using var scene = await SharedChannel.StartAsync(server);
        var text = string.Concat(Enumerable.Repeat("→😀é", 200)); // 600 characters, 1,800 bytes, nowhere to split at a space

        await scene.Client.RunAsync($"/msg {scene.Peer.Nick} {text}", buffer: scene.Network);

        var lines = await ReceiveUntilAsync(scene, received => string.Concat(received).Length >= text.Length, target: scene.Peer.Nick);
        Assert.Equal(text, string.Concat(lines.Select(l => l.Last)));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l.Raw) + 2 <= MaxLineBytes,
            $"A received line is {Encoding.UTF8.GetByteCount(l.Raw) + 2} bytes with CR LF: {l.Raw}"));
    }

    /// <summary>Words separated by single spaces, mixing ASCII, accents, arrows, CJK and emoji, each numbered so order shows.</summary>
    private static string MixedWords(int minimumLength)
    {
        string[] stems = ["café", "→", "naïve", "😀", "日本語", "plain", "Ünïcödé", "🎉🎉", "x", "wörd→"];
        var text = new StringBuilder();
        for (var i = 0; text.Length < minimumLength; i++)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(stems[i % stems.Length]).Append(i);
        }
        return text.ToString();
    }

    private static List<string> Words(IEnumerable<string> texts) =>
        texts.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>Collects the client's PRIVMSGs to <paramref name="target"/> (the channel by default) until <paramref name="complete"/> holds for their texts.</summary>
    private static async Task<List<IrcLine>> ReceiveUntilAsync(SharedChannel scene, Func<List<string>, bool> complete, string? target = null)
    {
        var received = new List<IrcLine>();
        await scene.Peer.WaitForLineAsync(raw =>
        {
            var line = IrcLine.Parse(raw);
            if (line.Command != "PRIVMSG" || line.Nick != scene.ClientNick || line[0] != (target ?? scene.Channel)) return false;
            received.Add(line);
            return complete(received.Select(l => l.Last).ToList());
        }, what: "all of the long message arrived");
        return received;
    }
}
