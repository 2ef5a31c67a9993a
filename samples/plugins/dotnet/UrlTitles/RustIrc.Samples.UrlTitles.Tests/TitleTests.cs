using RustIrc.Sdk.Testing;
using static RustIrc.Samples.UrlTitles.Tests.UrlTitlesPlugin;

namespace RustIrc.Samples.UrlTitles.Tests;

/// <summary>Which links are fetched, and how a page's title is shown.</summary>
public sealed class TitleTests
{
    private const string PageA = "http://example.test/a";

    [Fact]
    public async Task Link_InAChannel_TitleShownThereAndAtMost256KbRead()
    {
        var web = new StandInWeb(new() { [PageA] = Page("Example page") });
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, $"have a look (see {PageA}).");

        await host.WaitForTextAsync("title: Example page", RoomBuffer);
        Assert.Equal((PageA, 256 * 1024), web.Requests[0]);
    }

    [Fact]
    public async Task Link_InAPrivateMessage_TitleShownInTheSendersBuffer()
    {
        var web = new StandInWeb(new() { [PageA] = Page("Example page") });
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("bob", host.Server.Nick, PageA);

        await host.WaitForTextAsync("title: Example page", PluginTestHost.BufferOf("bob"));
    }

    [Fact]
    public async Task Title_EntitiesAndWhiteSpace_DecodedAndCollapsed()
    {
        var web = new StandInWeb(new() { [PageA] = Page("\n   Tom &amp; Jerry\t&#8211;  &quot;classics&quot; \r\n") });
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, PageA);

        await host.WaitForPrintAsync(l => l.Text == "title: Tom & Jerry – \"classics\"", what: "the decoded title is shown");
    }

    [Fact]
    public async Task Title_Long_CutTo200CharactersWithAnEllipsis()
    {
        var words = string.Join(" ", Enumerable.Range(0, 60).Select(i => $"word{i:00}"));
        var web = new StandInWeb(new() { [PageA] = Page(words) });
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, PageA);

        var line = await host.WaitForTextAsync("title: word00", RoomBuffer);
        var title = line.Text["title: ".Length..];
        Assert.Equal(200, title.Length);
        Assert.EndsWith("…", title);
        Assert.StartsWith(title[..^1].TrimEnd(), words);
    }

    [Fact]
    public async Task ManyLinks_OnlyTheFirstThreeFetched()
    {
        var links = Enumerable.Range(1, 5).Select(i => $"http://example.test/{i}").ToArray();
        var web = new StandInWeb(links.ToDictionary(l => l, l => Page("page " + l[^1])));
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, string.Join(" and ", links));

        foreach (var n in new[] { 1, 2, 3 }) await host.WaitForTextAsync($"title: page {n}", RoomBuffer);
        await host.SettleAsync();
        Assert.Equal(links[..3].Order(), web.Requests.Select(r => r.Url).Where(u => u != MarkerLink).Order());
    }

    [Fact]
    public async Task MaxPerMessageSetting_One_OnlyTheFirstFetched()
    {
        var web = new StandInWeb(new() { [PageA] = Page("first"), ["http://example.test/b"] = Page("second") });
        await using var host = await StartAsync(web, new PluginTestOptions { Settings = Settings(("maxPerMessage", "1")) });

        await host.Server.PrivmsgAsync("alice", Room, $"{PageA} http://example.test/b");

        await host.WaitForTextAsync("title: first", RoomBuffer);
        await host.SettleAsync();
        Assert.DoesNotContain(web.Requests, r => r.Url == "http://example.test/b");
    }

    [Fact]
    public async Task OwnMessages_NotFetched()
    {
        var web = new StandInWeb(new() { [PageA] = Page("Example page") });
        await using var host = await StartAsync(web);

        await host.RunAsync($"/msg {Room} {PageA}", RoomBuffer);
        await host.Server.SendAsync($":{host.Server.ClientSource} PRIVMSG {Room} :{PageA}"); // as echo-message sends it back

        await host.SettleAsync();
        Assert.Equal([MarkerLink], web.Requests.Select(r => r.Url));
    }

    [Fact]
    public async Task PageWithoutTitle_NothingShown()
    {
        var web = new StandInWeb(new()
        {
            ["http://example.test/json"] = "{\"title\": \"not html\"}",
            ["http://example.test/empty"] = Page("  \n "),
            ["http://example.test/bar"] = "<html><titlebar>no</titlebar></html>",
        });
        await using var host = await StartAsync(web);

        await host.Server.PrivmsgAsync("alice", Room, "http://example.test/json http://example.test/empty http://example.test/bar");

        await host.SettleAsync();
        Assert.Equal(4, web.Requests.Count);
        Assert.Equal(["title: marker"], host.Shown(RoomBuffer));
    }

    [Fact]
    public async Task IgnoredHost_ItAndItsSubdomainsSkipped()
    {
        var web = new StandInWeb(new() { [PageA] = Page("Example page") });
        await using var host = await StartAsync(web, new PluginTestOptions
        {
            Settings = new Dictionary<string, string?> { ["modules:urltitles:ignore:0"] = "example.org", ["modules:urltitles:ignore:1"] = "skip.test" },
        });

        await host.Server.PrivmsgAsync("alice", Room, $"http://www.example.org/x https://skip.test/y {PageA}");

        await host.WaitForTextAsync("title: Example page", RoomBuffer);
        await host.SettleAsync();
        Assert.Equal([PageA, MarkerLink], web.Requests.Select(r => r.Url));
    }
}
