using System.Text.Json;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Sdk.Tests;

public sealed class TerminalJsonTests
{
    [Fact]
    public void Event_Join_HasTypeEventNameAndCamelCaseProperties()
    {
        var json = TerminalJson.Event(new JoinEvent
        {
            Network = "testnet",
            Channel = "#help",
            Nick = "alice",
            Tags = new Dictionary<string, string> { ["account"] = "alice", ["bot"] = "" },
        });
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("event", root.GetProperty("type").GetString());
        Assert.Equal("Join", root.GetProperty("event").GetString());
        Assert.Equal("#help", root.GetProperty("channel").GetString());
        Assert.Equal("alice", root.GetProperty("nick").GetString());
        Assert.Equal("", root.GetProperty("tags").GetProperty("bot").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("account").ValueKind);
    }

    [Fact]
    public void Line_TextWithQuotesAndNewlines_IsEscapedIntoOneLine()
    {
        var json = TerminalJson.Line("#a", LineKind.Error, "say \"hi\"\nnow", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain('\n', json);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("line", root.GetProperty("type").GetString());
        Assert.Equal("error", root.GetProperty("kind").GetString());
        Assert.Equal("say \"hi\"\nnow", root.GetProperty("text").GetString());
    }
}
