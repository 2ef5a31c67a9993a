using Microsoft.Extensions.DependencyInjection;

namespace RustIrc.Sdk.Modules;

/// <summary>
/// The entry point of a module. The kernel finds the one class in the module's assembly exported with
/// <c>[Export(typeof(IModule))]</c> (System.Composition), creates it, lets it add services to its own
/// container, starts it, and stops it before unloading its load context.
/// </summary>
public interface IModule
{
    /// <summary>Adds the module's own services to its container. Kernel services are already there.</summary>
    void ConfigureServices(IServiceCollection services);

    /// <summary>
    /// Starts the module on the client loop: subscribe to events, register commands, provide services.
    /// Throwing marks the module Faulted; the client goes on.
    /// </summary>
    ValueTask StartAsync(IModuleContext context, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the module before unload: close connections, flush files. Registrations made through the
    /// context are removed by the kernel afterwards; there is no need to undo them here.
    /// </summary>
    ValueTask StopAsync(CancellationToken cancellationToken);
}

/// <summary>A do-nothing <see cref="IModule"/>: override only what the module needs.</summary>
public abstract class ModuleBase : IModule
{
    private IModuleContext? _context;

    /// <summary>The context given at start.</summary>
    /// <exception cref="InvalidOperationException">Read before <see cref="StartAsync"/>.</exception>
    protected IModuleContext Context => _context ?? throw new InvalidOperationException("The module has not been started.");

    /// <inheritdoc />
    public virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <inheritdoc />
    public ValueTask StartAsync(IModuleContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        _context = context;
        return OnStartAsync(services, cancellationToken);
    }

    /// <inheritdoc />
    public virtual ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called by <see cref="StartAsync"/> once <see cref="Context"/> is set.</summary>
    protected virtual ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
