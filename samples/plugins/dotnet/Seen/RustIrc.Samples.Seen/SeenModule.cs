using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Samples.Seen;

/// <summary>
/// The <c>seen</c> plugin: remembers when each nick was last seen on each network and doing what, answers
/// <c>/seen NICK</c> and <c>!seen NICK</c> in channels, and keeps what it knows in <c>seen.json</c> in its
/// data folder, written when it changed (every <c>saveInterval</c> seconds) and when the plugin stops.
/// </summary>
[Export(typeof(IModule))]
public sealed class SeenModule : ModuleBase
{
    private SeenFile? _file;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var settings = SeenSettings.Read(Context.Settings, problems);
        var book = new SeenBook(settings.MaxNicks);
        var starting = true; // problems met while starting are shown once the client runs; later ones at once
        _file = new SeenFile(Path.Combine(Context.DataDirectory, "seen.json"), book, problem => (starting ? problems.Add : (Action<string>)Report)(problem));
        _file.Load();

        var rules = new NetworkRules(() => Context.Services.Get<IIrcService>());
        string Answer(string network, string nick) => SeenAnswer.For(nick, book.Find(network, nick, rules.MappingOf(network)), DateTimeOffset.UtcNow);

        new SightingRecorder(book, rules).Subscribe(Context.Events);
        new SeenTrigger(Context, rules, Answer).Subscribe(Context.Events);
        new SeenCommand(Answer, network => Context.Services.Get<IIrcService>().FindNetwork(network) is not null,
            () => Context.Services.Get<IUiModel>().CurrentBuffer).Register(Context.Commands);
        // A timer of Context.Loop: the client cancels it when the plugin unloads.
        Context.Loop.Schedule(settings.SaveInterval, _file.SaveIfChanged, settings.SaveInterval);

        // Shown once the client has started, so frontends that start after this plugin see them.
        if (problems.Count > 0) Context.Loop.Post(() => problems.ForEach(Report));
        starting = false;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _file?.SaveIfChanged();
        return ValueTask.CompletedTask;
    }

    private void Report(string problem)
    {
        Context.Logger.LogWarning("{Problem}", problem);
        Context.Services.Get<IUiModel>().Print(IUiModel.StatusBuffer, problem, LineKind.Error);
    }
}
