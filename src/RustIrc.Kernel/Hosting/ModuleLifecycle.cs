using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Commands;
using RustIrc.Kernel.Events;
using RustIrc.Kernel.Loading;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Services;
using RustIrc.Kernel.Threading;
using RustIrc.Sdk;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// Loads modules (what each needs first) into their own load contexts and starts them on the loop;
/// stops and unloads them (what needs each first) and checks that their code was collected.
/// Runs on the client loop only.
/// </summary>
internal sealed class ModuleLifecycle(RustIrcKernel kernel, KernelOptions options, ILogger logger, ModuleRegistry registry, ModuleGrants grants)
{
    private readonly List<(string Id, WeakReference Context)> _leaks = [];

    /// <summary>Ids of unloaded modules whose load contexts were still alive when last checked (any thread).</summary>
    public IReadOnlyList<string> Leaked
    {
        get
        {
            lock (_leaks) return _leaks.Where(l => l.Context.IsAlive).Select(l => l.Id).ToArray();
        }
    }

    /// <summary>Loads <paramref name="entry"/> after what it needs; false (with the reason on the entry) when it could not.</summary>
    public Task<bool> LoadAsync(ModuleEntry entry) => LoadWithDependenciesAsync(entry, []);

    private async Task<bool> LoadWithDependenciesAsync(ModuleEntry entry, HashSet<string> visiting)
    {
        if (entry.Loaded is not null) return true;
        if (entry.Catalog.Blocked is not null || entry.IsShadow) return false;
        if (!visiting.Add(entry.Id)) return false;
        foreach (var dependencyId in entry.Catalog.Candidate.Manifest!.DependsOn)
        {
            var dependency = registry[dependencyId];
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
        var extension = new Extension(ExtensionId.Module(entry.Id), grants.For(entry.Id));
        LoadedModule? loaded = null;
        entry.Wanted = true;
        try
        {
            var (loader, instance, contextName, loadContext) = ModuleLoader.Create(entry.Catalog);
            var context = CreateContext(entry, extension, manifest);
            ReportUnknownSettings(entry, context);
            var services = Services(context);
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
            using var timeout = new CancellationTokenSource(options.StartStopTimeout);
            await instance.StartAsync(context, loaded.Services, timeout.Token).AsTask().WaitAsync(options.StartStopTimeout);
            RestoreState(entry, instance);
            entry.State = ModuleState.Enabled;
            entry.Reason = null;
            Watch(entry);
            logger.LogInformation("Loaded module {Id} {Version} into {Context}", entry.Id, manifest.Version, contextName);
            kernel.Bus.Publish(new ExtensionLoadedEvent { Extension = extension.Id, Version = manifest.Version });
            return true;
        }
        catch (Exception ex)
        {
            var why = ex switch
            {
                ModuleLoadException or ModuleUnavailableException => ex.Message,
                TimeoutException => $"it did not start within {options.StartStopTimeout.TotalSeconds:0} s",
                _ => $"it threw at start: {ex.GetType().Name}: {ex.Message}",
            };
            // The user is told why below; the module's developer wants where: the stack trace, with the
            // module's own files and lines (its symbols are loaded with it), goes to the log.
            if (ex is not (ModuleLoadException or ModuleUnavailableException or TimeoutException)) logger.LogDebug(ex, "Module {Id} threw at start", entry.Id);
            extension.Dispose();
            if (loaded is not null)
            {
                entry.Loaded = null;
                entry.Extension = null;
                ModuleLoader.Release(loaded, logger);
                loaded = null;
            }
            if (ex is ModuleIncompatibleException)
            {
                // Like a manifest that targets a newer SDK: nothing to fix in the module's code, a rebuild.
                entry.State = ModuleState.Incompatible;
                entry.Reason = why;
                kernel.Notify($"module {entry.Id} is Incompatible: {why}", LineKind.Error);
                Watch(entry); // a rebuild against this client's SDK is picked up by hot reload
                return false;
            }
            entry.State = ModuleState.Faulted;
            entry.Reason = $"{why}. Fix it, then /module load {entry.Id}";
            Watch(entry); // a fixed build on disk is picked up by hot reload
            kernel.Notify($"module {entry.Id} is Faulted: {entry.Reason}", LineKind.Error);
            return false;
        }
    }

    /// <summary>
    /// Says which keys of the module's config.json section its manifest does not declare. Shown once the
    /// client has started, so frontends that start after the module see them; a manifest without
    /// <c>settings</c> is not checked, as plugins built before the field keep working.
    /// </summary>
    private void ReportUnknownSettings(ModuleEntry entry, ModuleContext context)
    {
        if (entry.Catalog.Candidate.Settings is not { } declared) return;
        var problems = declared.Check(entry.Id, context.Settings);
        if (problems.Count > 0) kernel.Loop.Post(() => problems.ToList().ForEach(p => kernel.Notify(p, LineKind.Error)));
    }

    /// <summary>Hands the state the previous build saved to the new instance, if both take part.</summary>
    private void RestoreState(ModuleEntry entry, IModule instance)
    {
        if (entry.ReloadState is not { } state) return;
        entry.ReloadState = null;
        if (instance is not IKeepsStateAcrossReload keeper) return;
        try
        {
            keeper.RestoreStateAfterReload(state);
        }
        catch (Exception ex)
        {
            kernel.Notify($"module {entry.Id} could not take back its state after the reload ({ex.GetType().Name}: {ex.Message}); it starts afresh.", LineKind.Error);
        }
    }

    /// <summary>Asks a module about to be reloaded for the state to hand to its next build.</summary>
    private void SaveState(ModuleEntry entry)
    {
        if (entry.Loaded?.Instance is not IKeepsStateAcrossReload keeper) return;
        try
        {
            entry.ReloadState = keeper.SaveStateForReload();
        }
        catch (Exception ex)
        {
            kernel.Notify($"module {entry.Id} could not save its state for the reload ({ex.GetType().Name}: {ex.Message}); the new build starts afresh.", LineKind.Error);
        }
    }

    private ModuleContext CreateContext(ModuleEntry entry, Extension extension, ModuleManifest manifest) => new(
        extension,
        manifest,
        options.LoggerFactory.CreateLogger($"RustIrc.Modules.{entry.Id}"),
        options.Configuration.GetSection($"modules:{entry.Id}"),
        Path.Combine(options.DataDirectory, "modules", entry.Id),
        Path.GetDirectoryName(entry.Catalog.Candidate.AssemblyPath)!,
        new OwnedEventBus(kernel.Bus, extension),
        new OwnedCommandRegistry(kernel.CommandRegistry, extension),
        new OwnedServiceBroker(kernel.Broker, extension),
        new OwnedClientLoop(kernel.Loop, extension),
        kernel.LifetimeState);

    /// <summary>What a module may take in its constructor: its context's parts, its logger and the settings.</summary>
    private ServiceCollection Services(ModuleContext context)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IModuleContext>(context);
        services.AddSingleton(options.LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(context.Logger);
        services.AddSingleton(context.Events);
        services.AddSingleton(context.Commands);
        services.AddSingleton(context.Services);
        services.AddSingleton(context.Loop);
        services.AddSingleton(context.Lifetime);
        services.AddSingleton(context.Settings);
        return services;
    }

    private void Watch(ModuleEntry entry)
    {
        if (options.HotReload) entry.Watch(options.HotReloadDelay, kernel.Loop, () => HotReloadAsync(entry));
    }

    /// <summary>
    /// Unloads <paramref name="entry"/> and, first, every loaded module that needs it; one report per
    /// module unloaded. For a reload or a user's unload (<paramref name="keepState"/>), modules that keep state
    /// across one save it first, for their next load in this run.
    /// </summary>
    public async Task<List<UnloadReport>> UnloadAsync(ModuleEntry entry, string reason, ModuleState stateAfter, bool wanted, bool keepState = false)
    {
        var reports = new List<UnloadReport>();
        foreach (var dependent in registry.LoadedDependentsOf(entry.Id))
        {
            reports.AddRange(await UnloadAsync(dependent, "dependency", ModuleState.Disabled, wanted, keepState));
            dependent.Reason = $"it needs module '{entry.Id}', which was unloaded; /module load {dependent.Id} brings both back";
        }
        if (entry.Loaded is null)
        {
            entry.State = stateAfter;
            return reports;
        }

        if (keepState) SaveState(entry);
        var clock = Stopwatch.StartNew();
        var extensionId = entry.Extension!.Id;
        try
        {
            using var timeout = new CancellationTokenSource(options.StartStopTimeout);
            await entry.Loaded.Instance.StopAsync(timeout.Token).AsTask().WaitAsync(options.StartStopTimeout);
        }
        catch (Exception ex)
        {
            kernel.Notify($"module {entry.Id} failed while stopping ({ex.GetType().Name}: {ex.Message}); unloading it anyway.", LineKind.Error);
        }
        var weak = Detach(entry);
        entry.State = stateAfter;
        entry.Wanted = wanted;
        if (stateAfter == ModuleState.Disabled && entry.Reason is null)
        {
            entry.Reason = reason == "user" ? $"unloaded by the user; /module load {entry.Id} loads it again" : null;
        }
        var collections = await ModuleLoader.WaitForCollectionAsync(weak, options.MaxUnloadCollections);
        clock.Stop();
        var report = new UnloadReport
        {
            Id = entry.Id,
            Collected = collections > 0,
            Elapsed = clock.Elapsed,
            Collections = collections > 0 ? collections : options.MaxUnloadCollections,
        };
        if (!report.Collected)
        {
            lock (_leaks) _leaks.Add((entry.Id, weak));
            logger.LogWarning("{Report}: something in the default context (a static event, a cache, a thread) still references its code.", report);
        }
        else
        {
            logger.LogInformation("{Report}", report);
        }
        kernel.Bus.Publish(new ExtensionUnloadedEvent { Extension = extensionId, Reason = reason });
        reports.Add(report);
        return reports;
    }

    /// <summary>Revokes everything the module registered and lets go of its code; kept apart so no local outlives it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference Detach(ModuleEntry entry)
    {
        entry.Extension!.Dispose();
        var loaded = entry.Loaded!;
        entry.Loaded = null;
        entry.Extension = null;
        return ModuleLoader.Release(loaded, logger);
    }

    /// <summary>
    /// Unloads module <paramref name="id"/> (what needs it too), reads the folders again, and loads it and
    /// those dependents anew; returns the unload's reports. The module's state says whether it came back.
    /// </summary>
    /// <exception cref="InvalidOperationException">The new files cannot be loaded (the message says why).</exception>
    public async Task<IReadOnlyList<UnloadReport>> ReloadAsync(string id)
    {
        var entry = registry.Find(id);
        var reports = entry.Loaded is null ? [] : await UnloadAsync(entry, "reload", ModuleState.Disabled, wanted: true, keepState: true);
        entry = registry.FindLoadable(id);
        await LoadAsync(entry);
        foreach (var dependent in reports.Select(r => registry[r.Id]).Where(e => e != entry))
        {
            await LoadAsync(dependent);
        }
        return reports;
    }

    /// <summary>Reloads a module whose files changed on disk, and says how it went.</summary>
    private async Task HotReloadAsync(ModuleEntry entry)
    {
        if (!entry.Wanted) return;
        kernel.Notify($"module {entry.Id} changed on disk; reloading");
        try
        {
            var reports = await ReloadAsync(entry.Id);
            var last = reports.LastOrDefault();
            var ok = entry.State == ModuleState.Enabled;
            kernel.Notify(ok
                ? $"reloaded {entry.Id} {entry.Catalog.Candidate.Manifest!.Version}" + (last is null ? "" : $" ({last})")
                : $"hot reload of {entry.Id} failed: {entry.Reason}", ok ? LineKind.Info : LineKind.Error);
        }
        catch (Exception ex)
        {
            // The file watcher starts this without awaiting it: an exception left to escape would vanish unseen.
            // Files that cannot be loaded say how to fix them; the watcher tries again when they change.
            kernel.Notify(ex is InvalidOperationException or ArgumentException
                ? $"hot reload of {entry.Id} failed: {ex.Message}"
                : $"hot reload of {entry.Id} failed: {ex.GetType().Name}: {ex.Message}. /module reload {entry.Id} tries again.", LineKind.Error);
        }
    }

    /// <summary>Stops a module whose handlers keep throwing; it stays Faulted until the user loads it again.</summary>
    public async Task FaultAsync(ModuleEntry entry, Extension owner, string reason)
    {
        if (!ReferenceEquals(entry.Extension, owner)) return; // already reloaded or unloaded
        // Set before unloading: the state reads Faulted from the moment the module is detached, and
        // /module list may run while the kernel waits for the collector.
        entry.Reason = reason;
        var reports = await UnloadAsync(entry, "faulted", ModuleState.Faulted, wanted: true);
        entry.State = ModuleState.Faulted;
        kernel.Notify($"module {entry.Id} was stopped: {reason} ({reports[^1]})", LineKind.Error);
    }

    /// <summary>Unloads every module, dependents first (the client is stopping).</summary>
    public async Task StopAllAsync()
    {
        foreach (var entry in registry.Ordered.Reverse().ToList())
        {
            if (entry.Loaded is not null) await UnloadAsync(entry, "shutdown", ModuleState.Disabled, wanted: true);
        }
    }
}
