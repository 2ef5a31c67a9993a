using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Samples.UrlTitles;

/// <summary>
/// The <c>urltitles</c> plugin: for each http or https link in someone's message (a few per message), the
/// page is fetched through the client's <see cref="INetworkAccess"/> and its title shown in that buffer,
/// <c>title: …</c>. Pages without a title, and failures unless <c>reportErrors</c>, show nothing.
/// </summary>
[Export(typeof(IModule))]
public sealed class UrlTitlesModule : ModuleBase
{
    private TitleFetcher? _fetcher;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var settings = UrlTitlesSettings.Read(Context.Settings, problems);
        var ui = Context.Services.Get<IUiModel>();
        void Print(string buffer, string text) => ui.Print(buffer, text);

        var note = new GrantNote(Print);
        // Asked for now, used later: the guard checks network_access at each fetch, so a revoke takes effect at once.
        _fetcher = new TitleFetcher(Context.Services.Get<INetworkAccess>(), Context.Loop, Print, note, settings.ReportErrors);
        new LinkWatcher(settings, _fetcher, note, () => Context.Permissions, () => Context.Services.Get<IIrcService>()).Subscribe(Context.Events);

        if (problems.Count > 0)
        {
            Context.Loop.Post(() =>
            {
                foreach (var problem in problems)
                {
                    Context.Logger.LogWarning("{Problem}", problem);
                    ui.Print(IUiModel.StatusBuffer, problem, LineKind.Error);
                }
            });
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_fetcher is not null) await _fetcher.StopAsync(cancellationToken);
        _fetcher = null;
    }
}
