using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Logger;

/// <summary>
/// Chat logs: every line the UI model shows goes to its buffer's file under the logs folder (docs/logger.md),
/// stamped with the line's server-time. Built on the public SDK alone, as any third-party module would be.
/// </summary>
[Export(typeof(IModule))]
public sealed class LoggerModule : ModuleBase
{
    private ChatLog? _log;
    private IDisposable? _watch;
    private IUiModel _ui = null!;

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var settings = LoggerSettings.Read(Context.Settings, DefaultRoot(), problems);
        _ui = Context.Services.Get<IUiModel>();
        _log = new ChatLog(settings, TimeProvider.System, NetworkOf, Report);
        try
        {
            _watch = _ui.WatchLines(_log.Write);
        }
        catch (NotSupportedException)
        {
            // Another module's UI model: its events, after every handler that may eat them.
            var log = _log;
            _watch = Context.Events.Subscribe<LinePrintedEvent>(line =>
            {
                log.Write(line.Buffer, line.Text, line.Kind, line.Time);
                return EventResult.Continue;
            }, priority: int.MinValue);
        }
        Context.Loop.Schedule(TimeSpan.FromSeconds(1), _log.Tick, TimeSpan.FromSeconds(1));
        new LogCommands(_log, () => _ui.CurrentBuffer, Context.Lifetime.Stopping).Register(Context.Commands);

        if (problems.Count > 0)
        {
            // Shown once the client has started, so the frontends (which may start after us) see them.
            Context.Loop.Post(() =>
            {
                foreach (var problem in problems) Report(problem);
            });
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _watch?.Dispose();
        _log?.Dispose(); // every pending line written, every file closed
        _log = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// <c>logs</c> in the client's data folder (<c>~/.local/share/rustirc/logs</c>). The SDK gives a module
    /// its own folder, <c>DATA/modules/logger</c>, so the client's is two levels up.
    /// </summary>
    private string DefaultRoot()
    {
        var own = Path.GetFullPath(Context.DataDirectory);
        var modules = Path.GetDirectoryName(own);
        return modules is not null && Path.GetFileName(modules) == "modules" && Path.GetDirectoryName(modules) is { } data
            ? Path.Combine(data, "logs")
            : Path.Combine(own, "logs");
    }

    /// <summary>Whether a buffer is a network's own, and the network's case mapping, from the IRC module when it runs.</summary>
    private BufferNetwork NetworkOf(string buffer)
    {
        var (network, target) = BufferNames.Parse(buffer);
        try
        {
            if (Context.Services.Find<IIrcService>()?.FindNetwork(network) is { } info) return new BufferNetwork(target is null, info.CaseMapping);
        }
        catch (Exception ex) when (ex is PermissionDeniedException or ServiceUnavailableException)
        {
            // Without irc.read (or while irc reloads): IRC's default mapping, and a slash-less buffer is the client's.
        }
        return new BufferNetwork(false, CaseMapping.Rfc1459);
    }

    private void Report(string text)
    {
        Context.Logger.LogWarning("{Problem}", text);
        var log = _log;
        if (log is not null) log.Quiet = true; // a report about the logs is not itself logged
        try
        {
            _ui.Print(IUiModel.StatusBuffer, text, LineKind.Error);
        }
        catch (ServiceUnavailableException)
        {
            // The UI went away; the client's log has it.
        }
        finally
        {
            if (log is not null) log.Quiet = false;
        }
    }
}
