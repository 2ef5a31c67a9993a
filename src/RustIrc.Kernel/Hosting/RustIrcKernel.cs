using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly Dictionary<string, ModuleEntry> _modules = new(StringComparer.Ordinal);
    private readonly List<ModuleEntry> _order = [];
    private readonly List<(string Id, WeakReference Context)> _leaks = [];
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
        Manager = new ModuleManager(this);
    }

    internal ClientLoop Loop { get; }
    internal EventBus Bus { get; }
    internal CommandRegistry CommandRegistry { get; }
    internal ServiceBroker Broker { get; }
    internal ClientLifetime LifetimeState { get; }

    /// <summary>The kernel's own, unguarded view of module management.</summary>
    public IModuleManager Manager { get; }

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
        get
        {
            lock (_leaks) return _leaks.Where(l => l.Context.IsAlive).Select(l => l.Id).ToArray();
        }
    }

    Extension? IFaultReporter.Current => _kernel;

    /// <summary>Offers a service in the kernel's name (the host provides the terminal this way).</summary>
    public void ProvideHostService<TService>(TService implementation) where TService : class =>
        _hostServices.Add(Broker.Provide(_kernel, implementation));

    /// <summary>Finds the modules, registers the kernel's services and commands, and loads the composition.</summary>
    public Task StartAsync() => Loop.InvokeAsync(async () =>
    {
        Broker.ProvidePerConsumer<IFileAccess>(_kernel, consumer => new FileAccessService(consumer));
        Broker.Provide<INetworkAccess>(_kernel, new NetworkAccessService());
        Broker.Provide<IProcessLauncher>(_kernel, new ProcessLauncherService());
        Broker.Provide<IModuleManager>(_kernel, Manager);
        Broker.Provide<IExtensionCatalog>(_kernel, Catalog);
        Broker.Provide<IClientLifetime>(_kernel, LifetimeState);
        RegisterKernelCommands();
        Rescan();

        var wanted = _options.Composition is null
            ? _order.Select(e => e.Id).ToList()
            : _options.Composition.ToList();
        wanted.AddRange(_order.Where(e => !e.IsShadow && _options.AutoloadDirectories.Any(d =>
            PermissionSet.PathIsWithin(e.Catalog.Candidate.Directory, d))).Select(e => e.Id));
        foreach (var id in _options.Composition ?? [])
        {
            if (!_modules.ContainsKey(id))
            {
                Notify($"The composition lists module '{id}', which was not found in {string.Join(", ", _options.ModuleDirectories)}.", LineKind.Error);
            }
        }
        foreach (var entry in _order.ToList())
        {
            if (!wanted.Contains(entry.Id)) continue;
            if (_store.Disabled.Contains(entry.Id))
            {
                entry.State = ModuleState.Disabled;
                entry.Reason = $"disabled by the user; /module enable {entry.Id} turns it back on";
                continue;
            }
            await LoadWithDependenciesAsync(entry, []);
        }
        var running = _order.Where(e => e.State == ModuleState.Enabled).Select(e => e.Id).ToList();
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

    /// <summary>Stops and unloads every module, dependents first.</summary>
    public Task StopAsync() => Loop.InvokeAsync(async () =>
    {
        foreach (var entry in _order.AsEnumerable().Reverse().ToList())
        {
            if (entry.Loaded is not null)
            {
                await UnloadCoreAsync(entry, "shutdown", ModuleState.Disabled, wanted: true);
            }
        }
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var service in _hostServices) service.Dispose();
        await Loop.InvokeAsync(() =>
        {
            foreach (var entry in _modules.Values) entry.StopWatching();
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
        if (owner.RecentFaults >= _options.FaultThreshold && owner.Id.Kind == "module" && _modules.TryGetValue(owner.Id.Name, out var entry))
        {
            var reason = $"its handlers threw {owner.RecentFaults} times; the last: {what} threw {error.GetType().Name}: {error.Message}. Fix it, then /module load {entry.Id}";
            Loop.Post(() => _ = FaultAsync(entry, owner, reason));
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

    private async Task FaultAsync(ModuleEntry entry, Extension owner, string reason)
    {
        if (!ReferenceEquals(entry.Extension, owner)) return; // already reloaded or unloaded
        // Set before unloading: the state reads Faulted from the moment the module is detached, and
        // /module list may run while the kernel waits for the collector.
        entry.Reason = reason;
        var reports = await UnloadCoreAsync(entry, "faulted", ModuleState.Faulted, wanted: true);
        entry.State = ModuleState.Faulted;
        Notify($"module {entry.Id} was stopped: {reason} ({reports[^1]})", LineKind.Error);
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

    private void Rescan()
    {
        var found = ModuleCatalog.Discover(_options.ModuleDirectories);
        foreach (var catalog in found)
        {
            foreach (var warning in catalog.Candidate.Warnings) Notify(warning, LineKind.Error);
            if (catalog.Blocked == ModuleState.Superseded)
            {
                // Keep superseded copies visible in /module list under their folder name.
                var key = $"{catalog.Id}@{catalog.Candidate.Directory}";
                if (!_modules.TryGetValue(key, out var superseded))
                {
                    superseded = new ModuleEntry(catalog) { IsShadow = true };
                    _modules[key] = superseded;
                    _order.Add(superseded);
                }
                superseded.Catalog = catalog;
                superseded.State = ModuleState.Superseded;
                superseded.Reason = catalog.Reason;
                continue;
            }
            if (_modules.TryGetValue(catalog.Id, out var entry))
            {
                if (entry.Loaded is null) entry.Catalog = catalog;
            }
            else
            {
                entry = new ModuleEntry(catalog);
                _modules[catalog.Id] = entry;
                _order.Add(entry);
            }
            if (entry.Loaded is null && catalog.Blocked is { } blocked)
            {
                entry.State = blocked;
                entry.Reason = catalog.Reason;
            }
        }
        // Dependencies first, as the catalog ordered them.
        var rank = found.Select((c, i) => (c, i)).GroupBy(x => x.c.Id).ToDictionary(g => g.Key, g => g.Min(x => x.i));
        _order.Sort((a, b) => rank.GetValueOrDefault(a.Id, int.MaxValue).CompareTo(rank.GetValueOrDefault(b.Id, int.MaxValue)));
    }

    private PermissionSet GrantsFor(string id)
    {
        // Parsed before they are compared, so a revocation written differently ("/x/" for "/x") still matches.
        var granted = new List<Permission> { new(WellKnownPermissions.UiModification) };
        if (_options.Grants.TryGetValue(id, out var configured)) granted.AddRange(Parsed(id, configured));
        if (_store.Granted.TryGetValue(id, out var persisted)) granted.AddRange(Parsed(id, persisted));
        var revoked = _store.Revoked.TryGetValue(id, out var taken) ? Parsed(id, taken).ToHashSet() : [];
        return new PermissionSet(granted.Where(p => !revoked.Contains(p)));
    }

    private IEnumerable<Permission> Parsed(string id, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Permission permission;
            try
            {
                permission = Permission.Parse(text);
            }
            catch (FormatException ex)
            {
                Notify($"Grant for module {id} ignored: {ex.Message}", LineKind.Error);
                continue;
            }
            yield return permission;
        }
    }

    private async Task<bool> LoadWithDependenciesAsync(ModuleEntry entry, HashSet<string> visiting)
    {
        if (entry.Loaded is not null) return true;
        if (entry.Catalog.Blocked is not null || entry.IsShadow) return false;
        if (!visiting.Add(entry.Id)) return false;
        foreach (var dependencyId in entry.Catalog.Candidate.Manifest!.DependsOn)
        {
            var dependency = _modules[dependencyId];
            if (!await LoadWithDependenciesAsync(dependency, visiting))
            {
                entry.State = ModuleState.Incompatible;
                entry.Reason = $"it needs module '{dependencyId}', which is {dependency.State}" + (dependency.Reason is null ? "" : $" ({dependency.Reason})");
                return false;
            }
        }
        return await LoadCoreAsync(entry);
    }

    private async Task<bool> LoadCoreAsync(ModuleEntry entry)
    {
        var manifest = entry.Catalog.Candidate.Manifest!;
        var extension = new Extension(ExtensionId.Module(entry.Id), GrantsFor(entry.Id));
        LoadedModule? loaded = null;
        entry.Wanted = true;
        try
        {
            var (loader, instance, contextName, loadContext) = ModuleLoader.Create(entry.Catalog);
            var logger = _options.LoggerFactory.CreateLogger($"RustIrc.Modules.{entry.Id}");
            var context = new ModuleContext(
                extension,
                manifest,
                logger,
                _options.Configuration.GetSection($"modules:{entry.Id}"),
                Path.Combine(_options.DataDirectory, "modules", entry.Id),
                Path.GetDirectoryName(entry.Catalog.Candidate.AssemblyPath)!,
                new OwnedEventBus(Bus, extension),
                new OwnedCommandRegistry(CommandRegistry, extension),
                new OwnedServiceBroker(Broker, extension),
                new OwnedClientLoop(Loop, extension),
                LifetimeState);
            var services = new ServiceCollection();
            services.AddSingleton<IModuleContext>(context);
            services.AddSingleton(_options.LoggerFactory);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            services.AddSingleton(logger);
            services.AddSingleton(context.Events);
            services.AddSingleton(context.Commands);
            services.AddSingleton(context.Services);
            services.AddSingleton(context.Loop);
            services.AddSingleton(context.Lifetime);
            services.AddSingleton(context.Settings);
            try
            {
                instance.ConfigureServices(services);
            }
            catch
            {
                loader.Unload();
                throw;
            }
            loaded = new LoadedModule
            {
                Loader = loader,
                Instance = instance,
                Services = services.BuildServiceProvider(),
                ContextName = contextName,
                Context = loadContext,
            };
            entry.Loaded = loaded;
            entry.Extension = extension;
            using var timeout = new CancellationTokenSource(_options.StartStopTimeout);
            await instance.StartAsync(context, loaded.Services, timeout.Token).AsTask().WaitAsync(_options.StartStopTimeout);
            entry.State = ModuleState.Enabled;
            entry.Reason = null;
            entry.Watch(this);
            _logger.LogInformation("Loaded module {Id} {Version} into {Context}", entry.Id, manifest.Version, contextName);
            Bus.Publish(new ExtensionLoadedEvent { Extension = extension.Id, Version = manifest.Version });
            return true;
        }
        catch (Exception ex)
        {
            var why = ex switch
            {
                ModuleLoadException => ex.Message,
                TimeoutException => $"it did not start within {_options.StartStopTimeout.TotalSeconds:0} s",
                _ => $"it threw at start: {ex.GetType().Name}: {ex.Message}",
            };
            // The user is told why below; the module's developer wants where: the stack trace, with the
            // module's own files and lines (its symbols are loaded with it), goes to the log.
            if (ex is not (ModuleLoadException or TimeoutException)) _logger.LogDebug(ex, "Module {Id} threw at start", entry.Id);
            extension.Dispose();
            if (loaded is not null)
            {
                entry.Loaded = null;
                entry.Extension = null;
                ModuleLoader.Release(loaded, _logger);
                loaded = null;
            }
            entry.State = ModuleState.Faulted;
            entry.Reason = $"{why}. Fix it, then /module load {entry.Id}";
            entry.Watch(this); // a fixed build on disk is picked up by hot reload
            Notify($"module {entry.Id} is Faulted: {entry.Reason}", LineKind.Error);
            return false;
        }
    }

    /// <summary>Unloads <paramref name="entry"/> and, first, every loaded module that needs it.</summary>
    private async Task<List<UnloadReport>> UnloadCoreAsync(ModuleEntry entry, string reason, ModuleState stateAfter, bool wanted)
    {
        var reports = new List<UnloadReport>();
        foreach (var dependent in _order.Where(e => e.Loaded is not null && e.Catalog.Candidate.Manifest!.DependsOn.Contains(entry.Id)).ToList())
        {
            reports.AddRange(await UnloadCoreAsync(dependent, "dependency", ModuleState.Disabled, wanted));
            dependent.Reason = $"it needs module '{entry.Id}', which was unloaded; /module load {dependent.Id} brings both back";
        }
        if (entry.Loaded is null)
        {
            entry.State = stateAfter;
            return reports;
        }

        var clock = Stopwatch.StartNew();
        var extensionId = entry.Extension!.Id;
        try
        {
            using var timeout = new CancellationTokenSource(_options.StartStopTimeout);
            await entry.Loaded.Instance.StopAsync(timeout.Token).AsTask().WaitAsync(_options.StartStopTimeout);
        }
        catch (Exception ex)
        {
            Notify($"module {entry.Id} failed while stopping ({ex.GetType().Name}: {ex.Message}); unloading it anyway.", LineKind.Error);
        }
        var weak = Detach(entry);
        entry.State = stateAfter;
        entry.Wanted = wanted;
        if (stateAfter == ModuleState.Disabled && entry.Reason is null)
        {
            entry.Reason = reason == "user" ? $"unloaded by the user; /module load {entry.Id} loads it again" : null;
        }
        var collections = await ModuleLoader.WaitForCollectionAsync(weak, _options.MaxUnloadCollections);
        clock.Stop();
        var report = new UnloadReport
        {
            Id = entry.Id,
            Collected = collections > 0,
            Elapsed = clock.Elapsed,
            Collections = collections > 0 ? collections : _options.MaxUnloadCollections,
        };
        if (!report.Collected)
        {
            lock (_leaks) _leaks.Add((entry.Id, weak));
            _logger.LogWarning("{Report}: something in the default context (a static event, a cache, a thread) still references its code.", report);
        }
        else
        {
            _logger.LogInformation("{Report}", report);
        }
        Bus.Publish(new ExtensionUnloadedEvent { Extension = extensionId, Reason = reason });
        reports.Add(report);
        return reports;
    }

    /// <summary>Revokes everything the module registered and lets go of its code; kept apart so no local outlives it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private WeakReference Detach(ModuleEntry entry)
    {
        entry.Extension!.Dispose();
        var loaded = entry.Loaded!;
        entry.Loaded = null;
        entry.Extension = null;
        return ModuleLoader.Release(loaded, _logger);
    }

    private ModuleEntry Find(string id)
    {
        if (_modules.TryGetValue(id, out var entry) && !entry.IsShadow) return entry;
        Rescan();
        return _modules.TryGetValue(id, out entry) && !entry.IsShadow
            ? entry
            : throw new ArgumentException($"No module '{id}' was found; /module list shows the modules found in {string.Join(", ", _options.ModuleDirectories)}.");
    }

    private ModuleStatus Describe(ModuleEntry entry) => new()
    {
        Id = entry.Id,
        Version = entry.Catalog.Candidate.Manifest?.Version ?? "?",
        State = entry.State,
        Reason = entry.Reason,
        LoadContext = entry.Loaded?.ContextName,
        Permissions = entry.Extension?.Permissions ?? GrantsFor(entry.Id),
        Requested = entry.Catalog.Candidate.Manifest?.Permissions ?? [],
        Directory = entry.Catalog.Candidate.Directory,
        Description = entry.Catalog.Candidate.Manifest?.Description ?? "",
    };

    /// <summary>Reloads a module whose files changed on disk (hot reload).</summary>
    internal async Task HotReloadAsync(ModuleEntry entry)
    {
        if (!entry.Wanted) return;
        Notify($"module {entry.Id} changed on disk; reloading");
        try
        {
            var reports = await UnloadCoreAsync(entry, "reload", ModuleState.Disabled, wanted: true);
            Rescan();
            var ok = await LoadWithDependenciesAsync(_modules[entry.Id], []);
            foreach (var dependent in reports.Select(r => _modules[r.Id]).Where(e => e != entry))
            {
                await LoadWithDependenciesAsync(dependent, []);
            }
            var last = reports.LastOrDefault();
            Notify(ok
                ? $"reloaded {entry.Id} {entry.Catalog.Candidate.Manifest!.Version}" + (last is null ? "" : $" ({last})")
                : $"hot reload of {entry.Id} failed: {entry.Reason}", ok ? LineKind.Info : LineKind.Error);
        }
        catch (Exception ex)
        {
            // The file watcher starts this without awaiting it: an exception left to escape would vanish unseen.
            Notify($"hot reload of {entry.Id} failed: {ex.GetType().Name}: {ex.Message}. /module reload {entry.Id} tries again.", LineKind.Error);
        }
    }
}
