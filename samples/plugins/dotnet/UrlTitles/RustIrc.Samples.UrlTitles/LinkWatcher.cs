using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

namespace RustIrc.Samples.UrlTitles;

/// <summary>
/// Hands the links of others' messages, in channels and private messages, to the fetcher. Without
/// permission network_access nothing is fetched and one note (the first time) says how to grant it.
/// </summary>
internal sealed class LinkWatcher(UrlTitlesSettings settings, TitleFetcher fetcher, GrantNote note, Func<PermissionSet> permissions, Func<IIrcService> irc)
{
    private static readonly Permission NetworkAccess = new(WellKnownPermissions.NetworkAccess);

    public void Subscribe(IEventBus events) => events.Subscribe<MessageEvent>(e =>
    {
        if (e.IsOwn || e.Nick is null) return EventResult.Continue;
        var links = LinkFinder.Find(e.Text, settings.MaxPerMessage, settings.Ignore);
        if (links.Count == 0) return EventResult.Continue;
        // A private message is shown in the buffer of who sent it; our nick is its target.
        var isPrivate = IrcCaseMapping.Equals(e.Target, irc().NickOf(e.Network), CaseMapping.Rfc1459);
        var buffer = BufferNames.Target(e.Network, isPrivate ? e.Nick : e.Target);
        if (!permissions().Allows(NetworkAccess))
        {
            note.Show(buffer);
            return EventResult.Continue;
        }
        foreach (var link in links) fetcher.Start(link, buffer);
        return EventResult.Continue;
    });
}
