using System.Composition;
using System.Composition.Hosting;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Loading;

/// <summary>A module loaded into its own collectible load context.</summary>
internal sealed class LoadedModule
{
    public required PluginLoader Loader { get; init; }
    public required CompositionHost Composition { get; init; }
    public required IModule Instance { get; init; }
    public required ServiceProvider Services { get; init; }
    public required string ContextName { get; init; }

    /// <summary>The module's load context, held weakly so that the kernel can watch it being collected.</summary>
    public required WeakReference Context { get; init; }
}

/// <summary>
/// Creates a module's collectible load context (McMaster.NETCore.Plugins), finds its exported
/// <see cref="IModule"/> (System.Composition) and tears all of it down again.
/// </summary>
internal static class ModuleLoader
{
    /// <summary>
    /// Assemblies every module must share with the kernel. Without the SDK here a module's IModule would
    /// be a different type from the kernel's; without System.Composition's attribute assembly, MEF would
    /// silently find no exports.
    /// </summary>
    /// <remarks>
    /// They are not handed to McMaster as shared types: for those it eagerly loads the whole reference
    /// closure of each into the default context (HTTP, crypto, compression, expression trees…), about
    /// 5 MB the client never uses. Instead a module prefers whatever the default context already has,
    /// which includes these, and <see cref="Create"/> checks that each of them really unified.
    /// </remarks>
    public static readonly Type[] SharedTypes =
    [
        typeof(IModule),
        typeof(ExportAttribute),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(IConfiguration),
    ];

    private static int _generation;

    /// <summary>Loads the module's assembly and creates its entry point. Runs the module's constructor, nothing else.</summary>
    /// <exception cref="ModuleLoadException">The assembly cannot be loaded or exports no single IModule.</exception>
    public static (PluginLoader Loader, CompositionHost Composition, IModule Instance, string ContextName, WeakReference Context) Create(CatalogEntry entry)
    {
        var path = entry.Candidate.AssemblyPath;
        var loader = PluginLoader.CreateFromAssemblyFile(path, isUnloadable: true, sharedTypes: [], config =>
        {
            // Read the files into memory: a rebuild can then overwrite them while this copy runs.
            config.LoadInMemory = true;
            config.PreferSharedTypes = true;
        });
        CompositionHost? composition = null;
        try
        {
            Assembly assembly;
            try
            {
                assembly = loader.LoadDefaultAssembly();
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                throw new ModuleLoadException($"{Path.GetFileName(path)} could not be loaded: {ex.Message}");
            }
            var context = AssemblyLoadContext.GetLoadContext(assembly)!;
            foreach (var shared in SharedTypes)
            {
                if (!ReferenceEquals(context.LoadFromAssemblyName(shared.Assembly.GetName()), shared.Assembly))
                {
                    throw new ModuleLoadException(
                        $"{Path.GetFileName(path)} brings its own {shared.Assembly.GetName().Name}, which must be the client's: " +
                        "reference it with Private=false and ExcludeAssets=runtime and rebuild the module");
                }
            }
            composition = new ContainerConfiguration().WithAssembly(assembly).CreateContainer();
            var exports = composition.GetExports<IModule>().ToList();
            if (exports.Count != 1)
            {
                throw new ModuleLoadException(exports.Count == 0
                    ? $"{Path.GetFileName(path)} has no class exported with [Export(typeof(IModule))]"
                    : $"{Path.GetFileName(path)} exports {exports.Count} IModule classes; export exactly one");
            }
            var name = $"{entry.Id}#{Interlocked.Increment(ref _generation)}";
            return (loader, composition, exports[0], name, new WeakReference(AssemblyLoadContext.GetLoadContext(assembly)));
        }
        catch
        {
            composition?.Dispose();
            loader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for the collector to take an unloading context, up to <paramref name="maxCollections"/> full
    /// collections. Between collections it yields the client loop, so that the command that asked for the
    /// unload (perhaps typed into the very module being unloaded) can finish and drop its stack frames.
    /// Returns how many collections it took, or -1 when the context is still alive.
    /// </summary>
    public static async Task<int> WaitForCollectionAsync(WeakReference context, int maxCollections)
    {
        for (var i = 1; i <= maxCollections; i++)
        {
            // The first tries are immediate. Later ones wait a little longer each time: socket and timer
            // callbacks of a module that just closed its connections may still be finishing on the pool.
            if (i <= 3) await Task.Yield();
            else await Task.Delay(TimeSpan.FromMilliseconds(25 * (i - 3)));
            if (Collect(context)) return i;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Collect(WeakReference context)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !context.IsAlive;
    }

    /// <summary>Disposes what the kernel holds of the module and starts unloading its context; returns a weak handle on the context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WeakReference Release(LoadedModule module, ILogger logger)
    {
        // The context was noted at load: asking the loader for it now would read the module's files
        // again, which fail to load once a rebuild replaced them (hot reload).
        var context = module.Context;
        try
        {
            module.Services.Dispose();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Disposing the services of {Context} failed: {Message}", module.ContextName, ex.Message);
        }
        module.Composition.Dispose();
        module.Loader.Dispose();
        return context;
    }
}

/// <summary>A module's code could not be brought up; the message says why and what to do.</summary>
internal sealed class ModuleLoadException(string message) : Exception(message);
