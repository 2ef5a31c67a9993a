using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Commands;
using RustIrc.Kernel.Events;
using RustIrc.Kernel.Loading;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Services;
using RustIrc.Kernel.Threading;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// The kernel: finds modules, loads each into its own collectible load context, starts them in
/// dependency order on the client loop, guards the services they exchange, and unloads them again,
/// verifying that their load contexts are collected.
/// </summary>
public sealed partial class RustIrcKernel : IAsyncDisposable, IFaultReporter
{
    private readonly KernelOptions _options;
    private readonly ILogger _logger;
    private readonly ModuleStateStore _store;
    private readonly ModuleRegistry _registry;
    private readonly ModuleGrants _grants;
    private readonly ModuleLifecycle _lifecycle;
    private readonly ModuleManager _modules;
    private readonly DetachedOperations _detached;
    private readonly Extension _kernel = new(ExtensionId.Kernel, PermissionSet.Unrestricted);
    private readonly List<IDisposable> _hostServices = [];
    [ThreadStatic] private static bool _reportingFault;

    /// <summary>Creates a kernel; nothing is loaded until <see cref="StartAsync"/>.</summary>
    public RustIrcKernel(KernelOptions options)
    {
        _options = options;
        _logger = options.LoggerFactory.CreateLogger("RustIrc.Kernel");
        _store = new ModuleStateStore(options.DataDirectory, _logger);
        Loop = new ClientLoop(_logger);
        Bus = new EventBus(this);
        CommandRegistry = new CommandRegistry(Bus, this);
        Broker = new ServiceBroker(_logger);
        LifetimeState = new ClientLifetime();
        _registry = new ModuleRegistry(options.ModuleDirectories, warning => Notify(warning, LineKind.Error));
        _grants = new ModuleGrants(options.Grants, _store, warning => Notify(warning, LineKind.Error));
        _lifecycle = new ModuleLifecycle(this, options, _logger, _registry, _grants);
        _modules = new ModuleManager(Loop, _registry, _lifecycle, _grants, _store);
        _detached = new DetachedOperations(text => Notify(text, LineKind.Error));
    }

    internal ClientLoop Loop { get; }
    internal EventBus Bus { get; }
    internal CommandRegistry CommandRegistry { get; }
    internal ServiceBroker Broker { get; }
    internal ClientLifetime LifetimeState { get; }

    /// <summary>The kernel's own, unguarded view of module management.</summary>
    public IModuleManager Manager => _modules;

    /// <summary>Every extension of every kind (<c>/extensions</c>); modules are the kernel's own entries.</summary>
    internal ExtensionCatalog Catalog => _catalog ??= new ExtensionCatalog(new ModuleSource(Manager));

    private ExtensionCatalog? _catalog;

    /// <summary>The client loop.</summary>
    public IClientLoop ClientLoop => Loop;

    /// <summary>The event bus, used in the kernel's name.</summary>
    public IEventBus Events => new OwnedEventBus(Bus, _kernel);

    /// <summary>The command registry, used in the kernel's name.</summary>
    public ICommandRegistry Commands => new OwnedCommandRegistry(CommandRegistry, _kernel);

    /// <summary>The service broker, used in the kernel's name (which holds every permission).</summary>
    public IServiceBroker Services => new OwnedServiceBroker(Broker, _kernel);

    /// <summary>The client's lifetime.</summary>
    public IClientLifetime Lifetime => LifetimeState;

    /// <summary>Completes with an exit code when something asked the client to exit.</summary>
    public Task<int> ExitRequested => LifetimeState.ExitRequested;

    /// <summary>Ids of unloaded modules whose load contexts were still alive when last checked.</summary>
    public IReadOnlyList<string> LeakedModules
    {
        get => _lifecycle.Leaked;
    }

    Extension? IFaultReporter.Current => _kernel;

    /// <summary>
    /// Offers a service in the kernel's name: the host provides the terminal this way, and a test harness
    /// its IRC transport. Called before <see cref="StartAsync"/>, it also replaces the kernel's own file,
    /// network or process service.
    /// </summary>
    public void ProvideHostService<TService>(TService implementation) where TService : class =>
        _hostServices.Add(Broker.Provide(_kernel, implementation));

    /// <summary>Finds the modules, registers the kernel's services and commands, and loads the composition.</summary>
    public Task StartAsync() => Loop.InvokeAsync(async () =>
    {
        // The host may have put its own in place (a test harness serving HTTP from memory).
        if (Broker.ProviderOf(typeof(IFileAccess)) is null) Broker.ProvidePerConsumer<IFileAccess>(_kernel, consumer => new FileAccessService(consumer));
        if (Broker.ProviderOf(typeof(INetworkAccess)) is null) Broker.Provide<INetworkAccess>(_kernel, new NetworkAccessService());
        if (Broker.ProviderOf(typeof(IProcessLauncher)) is null) Broker.Provide<IProcessLauncher>(_kernel, new ProcessLauncherService());
        Broker.Provide<IModuleManager>(_kernel, Manager);
        Broker.Provide<IExtensionCatalog>(_kernel, Catalog);
        Broker.Provide<IClientLifetime>(_kernel, LifetimeState);
        RegisterKernelCommands();
        _registry.Rescan();

        var wanted = _options.Composition is null
            ? _registry.Ordered.Select(e => e.Id).ToList()
            : _options.Composition.ToList();
        wanted.AddRange(_registry.Loadable.Where(e => _options.AutoloadDirectories.Any(d =>
            PermissionSet.PathIsWithin(e.Catalog.Candidate.Directory, d))).Select(e => e.Id));
        foreach (var id in _options.Composition ?? [])
        {
            if (!_registry.Contains(id))
            {
                Notify($"The composition lists module '{id}', which was not found in {string.Join(", ", _options.ModuleDirectories)}.", LineKind.Error);
            }
        }
        foreach (var entry in _registry.Ordered.ToList())
        {
            if (!wanted.Contains(entry.Id)) continue;
            if (_store.Disabled.Contains(entry.Id))
            {
                entry.State = ModuleState.Disabled;
                entry.Reason = $"disabled by the user; /module enable {entry.Id} turns it back on";
                continue;
            }
            await _lifecycle.LoadAsync(entry);
        }
        var problems = DeclaredSettings.UnknownModules(_options.Configuration, _registry.Loadable.Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase));
        if (problems.Count > 0) Loop.Post(() => problems.ToList().ForEach(p => Notify(p, LineKind.Error)));
        var running = _registry.Ordered.Where(e => e.State == ModuleState.Enabled).Select(e => e.Id).ToList();
        Notify(running.Count == 0
            ? "RustIrc ready: no modules loaded. Type /module list, /module load ID, /help or /quit."
            : $"RustIrc ready: modules {string.Join(", ", running)}. Type /help for commands, /quit to exit.");
    });

    /// <summary>Runs a command line in the kernel's name, writing replies to <paramref name="output"/>.</summary>
    public Task<CommandOutcome> ExecuteAsync(string line, ICommandOutput output)
    {
        var result = new TaskCompletionSource<CommandOutcome>();
        _ = Loop.InvokeAsync(async () => result.SetResult(await CommandRegistry.ExecuteAsync(line, CurrentBuffer(), output)));
        return result.Task;
    }

    /// <summary>
    /// Reads the terminal until input ends: lines go to the attached frontend, or are run as commands
    /// by the kernel when no frontend is loaded. At end of input the client exits unless kept alive.
    /// </summary>
    public async Task RunTerminalAsync(Terminal terminal, CancellationToken cancellationToken)
    {
        terminal.UseLoop(Loop);
        var fallback = new Terminal.Output(terminal);
        await terminal.ReadInputAsync(Loop, WhenIdle, line => line.Length == 0
            ? Task.CompletedTask
            : CommandRegistry.ExecuteAsync(line.StartsWith('/') ? line : "/" + line, null, fallback).AsTask(), cancellationToken);
        if (!cancellationToken.IsCancellationRequested && !LifetimeState.IsKeptAlive)
        {
            LifetimeState.RequestExit(0);
        }
    }

    /// <summary>Completes when no /module or /extensions operation started from a command is still running.</summary>
    internal Task WhenIdle() => _detached.WhenIdle();

    /// <summary>Stops and unloads every module, dependents first.</summary>
    public Task StopAsync() => Loop.InvokeAsync(_lifecycle.StopAllAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var service in _hostServices) service.Dispose();
        await Loop.InvokeAsync(() =>
        {
            _registry.StopWatching();
            _kernel.Dispose();
            return Task.CompletedTask;
        });
        Loop.Dispose();
        LifetimeState.Dispose();
    }

    /// <summary>Reports a failed handler, and marks its extension Faulted when it keeps failing.</summary>
    void IFaultReporter.HandlerFailed(Extension? owner, string what, Exception exception)
    {
        var name = owner?.Id.ToString() ?? "kernel";
        var error = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
        _logger.LogError(error, "{Owner}: {What} threw {Type}: {Message}", name, what, error.GetType().Name, error.Message);
        if (_reportingFault) return; // a failing printer must not report its own failure forever
        _reportingFault = true;
        try
        {
            Notify($"{name}: {what} threw {error.GetType().Name}: {error.Message}", LineKind.Error);
        }
        finally
        {
            _reportingFault = false;
        }
        if (owner is null || owner == _kernel) return;
        // Failures count within a one-minute window: a handler that fails now and then over a long
        // session is reported each time but not stopped; one that keeps failing is.
        var now = Environment.TickCount64;
        if (owner.RecentFaults == 0 || now - owner.FaultWindowStart > 60_000)
        {
            owner.RecentFaults = 0;
            owner.FaultWindowStart = now;
        }
        owner.RecentFaults++;
        if (owner.RecentFaults >= _options.FaultThreshold && owner.Id.Kind == "module" && _registry.Contains(owner.Id.Name))
        {
            var entry = _registry[owner.Id.Name];
            var reason = $"its handlers threw {owner.RecentFaults} times; the last: {what} threw {error.GetType().Name}: {error.Message}. Fix it, then /module load {entry.Id}";
            Loop.Post(() => _ = _lifecycle.FaultAsync(entry, owner, reason));
        }
        else if (owner.RecentFaults >= _options.FaultThreshold && !owner.IsDisposed)
        {
            // A hosted extension (a script, a plugin): its host is told, then the kernel ends it.
            var reason = $"its handlers threw {owner.RecentFaults} times; the last: {what} threw {error.GetType().Name}: {error.Message}";
            Loop.Post(() =>
            {
                if (owner.IsDisposed) return;
                Notify($"{owner.Id} stopped: {reason}", LineKind.Error);
                try
                {
                    owner.Faulted?.Invoke(reason);
                }
                finally
                {
                    owner.Dispose();
                }
            });
        }
    }

    /// <summary>Tells the user something: in the status buffer when a UI model runs, else on the terminal.</summary>
    internal void Notify(string text, LineKind kind = LineKind.Info)
    {
        if (kind == LineKind.Error) _logger.LogWarning("{Text}", text);
        else _logger.LogInformation("{Text}", text);
        try
        {
            Broker.Find<IUiModel>(_kernel)?.Print(IUiModel.StatusBuffer, text, kind);
            // With no frontend reading the terminal, nobody renders the status buffer: say it there too.
            if (_hostTerminal is { HasFrontend: false } terminal)
            {
                new Terminal.Output(terminal).Write(text, kind);
            }
        }
        catch (ServiceUnavailableException)
        {
            _logger.LogDebug("The UI model went away while showing: {Text}", text);
        }
    }

    private Terminal? _hostTerminal;

    /// <summary>Provides the host's terminal to frontends.</summary>
    public void UseTerminal(Terminal terminal)
    {
        _hostTerminal = terminal;
        terminal.UseLoop(Loop);
        ProvideHostService<ITerminal>(terminal);
    }

    private string? CurrentBuffer()
    {
        try
        {
            return Broker.Find<IUiModel>(_kernel)?.CurrentBuffer;
        }
        catch (ServiceUnavailableException)
        {
            return null;
        }
    }
}
