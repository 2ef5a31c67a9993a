using System.Composition;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Loading;

/// <summary>A module loaded into its own collectible load context.</summary>
internal sealed class LoadedModule
{
    public required ModuleLoadContext Loader { get; init; }
    public required IModule Instance { get; init; }
    public required ServiceProvider Services { get; init; }
    public required string ContextName { get; init; }

    /// <summary>The module's load context, held weakly so that the kernel can watch it being collected.</summary>
    public required WeakReference Context { get; init; }
}

/// <summary>
/// Creates a module's collectible load context (<see cref="ModuleLoadContext"/>), finds and creates its
/// class exported with <c>[Export(typeof(IModule))]</c> and tears all of it down again.
/// </summary>
internal static class ModuleLoader
{
    /// <summary>
    /// Assemblies every module must share with the kernel. Without the SDK here a module's IModule would
    /// be a different type from the kernel's; without System.Composition's attribute assembly, the module's
    /// export attribute would not be the one the kernel looks for.
    /// </summary>
    /// <remarks>
    /// A module prefers whatever the default context has (<see cref="ModuleLoadContext"/>), which includes
    /// these, and <see cref="Create"/> checks that each of them really unified.
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
    /// <remarks>
    /// No composition container: the only contract between kernel and module is one class exported with
    /// <c>[Export(typeof(IModule))]</c> and a public parameterless constructor, which reflection finds and
    /// creates directly. System.Composition's container compiled an expression tree per part to do the same,
    /// which loaded System.Linq.Expressions (about 2 MB resident) into every client.
    /// </remarks>
    public static (ModuleLoadContext Loader, IModule Instance, string ContextName, WeakReference Context) Create(CatalogEntry entry)
    {
        var path = entry.Candidate.AssemblyPath;
        var name = $"{entry.Id}#{Interlocked.Increment(ref _generation)}";
        var loader = new ModuleLoadContext(name, path);
        try
        {
            Assembly assembly;
            try
            {
                assembly = loader.LoadMainAssembly();
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                throw new ModuleLoadException($"{Path.GetFileName(path)} could not be loaded: {ex.Message}");
            }
            CheckSdkReference(assembly);
            foreach (var shared in SharedTypes)
            {
                if (!ReferenceEquals(loader.LoadFromAssemblyName(shared.Assembly.GetName()), shared.Assembly))
                {
                    throw new ModuleLoadException(
                        $"{Path.GetFileName(path)} brings its own {shared.Assembly.GetName().Name}, which must be the client's: " +
                        "reference it with Private=false and ExcludeAssets=runtime and rebuild the module");
                }
            }
            var exported = ExportedModules(assembly);
            if (exported.Count != 1)
            {
                throw new ModuleLoadException(exported.Count == 0
                    ? $"{Path.GetFileName(path)} has no class exported with [Export(typeof(IModule))]"
                    : $"{Path.GetFileName(path)} exports {exported.Count} IModule classes; export exactly one");
            }
            if (exported[0].GetConstructor(Type.EmptyTypes) is not { } constructor)
            {
                throw new ModuleLoadException($"{exported[0].FullName} in {Path.GetFileName(path)} needs a public constructor without parameters");
            }
            // A constructor that throws faults the module with its own exception, not a TargetInvocationException.
            var instance = (IModule)constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, parameters: null, culture: null);
            return (loader, instance, name, new WeakReference(loader));
        }
        catch
        {
            loader.Unload();
            throw;
        }
    }

    /// <summary>
    /// Refuses an assembly compiled against a newer RustIrc.Sdk than the client's, whatever its module.json
    /// says: read from its references, before any of its code runs. (The catalog cannot read references
    /// without System.Reflection.Metadata, about a megabyte resident in every client.)
    /// </summary>
    private static void CheckSdkReference(Assembly assembly)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name != "RustIrc.Sdk" || reference.Version is not { } built || SdkInfo.IsCompatible(built)) continue;
            throw new ModuleIncompatibleException(
                $"it was built against RustIrc.Sdk {built.Major}.{built.Minor} but this client has SDK {SdkInfo.Version}; rebuild it against RustIrc.Sdk {SdkInfo.Version}");
        }
    }

    /// <summary>The concrete classes of <paramref name="assembly"/> exported with <c>[Export(typeof(IModule))]</c>.</summary>
    private static List<Type> ExportedModules(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new ModuleLoadException($"{assembly.GetName().Name} could not be loaded: {ex.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message}");
        }
        var exported = new List<Type>();
        foreach (var type in types)
        {
            if (!type.IsClass || type.IsAbstract || !typeof(IModule).IsAssignableFrom(type)) continue;
            foreach (var export in type.GetCustomAttributes<ExportAttribute>(inherit: false))
            {
                if (export.ContractType == typeof(IModule))
                {
                    exported.Add(type);
                    break;
                }
            }
        }
        return exported;
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
        // From here on the kernel holds the context only weakly, to watch it being collected.
        var context = module.Context;
        try
        {
            module.Services.Dispose();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Disposing the services of {Context} failed: {Message}", module.ContextName, ex.Message);
        }
        module.Loader.Unload();
        return context;
    }
}

/// <summary>A module's code could not be brought up; the message says why and what to do.</summary>
internal class ModuleLoadException(string message) : Exception(message);

/// <summary>A module built against an SDK this client cannot run; it is Incompatible rather than Faulted.</summary>
internal sealed class ModuleIncompatibleException(string message) : ModuleLoadException(message);

/// <summary>
/// A module's collectible load context. An assembly the default context can load (the SDK, the framework,
/// the packages the client has) comes from there, so that types are shared with the kernel and nothing is
/// loaded twice; any other comes from the module's folder, as its .deps.json says. Files are read into
/// memory, so that a rebuild can overwrite them while this copy runs (hot reload).
/// </summary>
internal sealed class ModuleLoadContext(string name, string mainAssemblyPath) : AssemblyLoadContext(name, isCollectible: true)
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    /// <summary>Loads the module's own assembly.</summary>
    public Assembly LoadMainAssembly() => LoadFromFile(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (IOException)
        {
            // Not in the client (FileNotFoundException), or only in a lower version (FileLoadException).
        }
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromFile(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private Assembly LoadFromFile(string path)
    {
        using var image = new MemoryStream(File.ReadAllBytes(path));
        // Its symbols too, when they were built beside it: a module's exceptions then show file and line.
        var pdb = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(pdb)) return LoadFromStream(image);
        using var symbols = new MemoryStream(File.ReadAllBytes(pdb));
        return LoadFromStream(image, symbols);
    }
}
