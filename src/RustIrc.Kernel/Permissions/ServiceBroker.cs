using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Permissions;

/// <summary>
/// Keeps one provider per service interface and hands out guards bound to the consumer. Guards hold
/// the provider through a <see cref="ServiceRegistration"/>, which is cut when the provider withdraws
/// the service or is unloaded, so a consumer's stale guard neither reaches unloaded code nor keeps its
/// load context alive.
/// </summary>
internal sealed class ServiceBroker(ILogger logger)
{
    private readonly Dictionary<Type, ServiceRegistration> _services = [];
    private readonly object _gate = new();

    public IDisposable Provide<TService>(Extension provider, TService implementation) where TService : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return Provide(typeof(TService), provider, implementation);
    }

    /// <summary>
    /// Provides a service that serves each consumer through an instance of its own, made by
    /// <paramref name="forConsumer"/> when the consumer's guard is first called (the file service: its
    /// quota is the consumer's).
    /// </summary>
    public IDisposable ProvidePerConsumer<TService>(Extension provider, Func<Extension, TService> forConsumer) where TService : class =>
        Provide(typeof(TService), provider, new PerConsumer(forConsumer));

    private IDisposable Provide(Type service, Extension provider, object implementation)
    {
        // Made now, so an interface that cannot be guarded is refused to its provider.
        var registration = new ServiceRegistration(service, implementation, provider, GuardTypes.For(service));
        lock (_gate)
        {
            if (_services.TryGetValue(service, out var existing) && existing.IsLive)
            {
                throw new InvalidOperationException(
                    $"{service.Name} is already provided by {existing.Provider.Id}; unload it first or use it instead.");
            }
            _services[service] = registration;
        }
        return new Disposable(() =>
        {
            registration.Revoke();
            lock (_gate)
            {
                if (_services.TryGetValue(service, out var current) && ReferenceEquals(current, registration))
                {
                    _services.Remove(service);
                }
            }
        });
    }

    public TService? Find<TService>(Extension consumer) where TService : class
    {
        ServiceRegistration? registration;
        lock (_gate) _services.TryGetValue(typeof(TService), out registration);
        return registration is null || !registration.IsLive ? null : PermissionGuard.Create<TService>(registration, consumer, logger);
    }

    public TService Get<TService>(Extension consumer) where TService : class =>
        Find<TService>(consumer) ?? throw new ServiceUnavailableException(
            $"No module provides {typeof(TService).Name}; load the module that provides it (see /module list).");

    /// <summary>Who provides <paramref name="service"/>, if anyone.</summary>
    public Extension? ProviderOf(Type service)
    {
        lock (_gate) return _services.TryGetValue(service, out var r) && r.IsLive ? r.Provider : null;
    }
}

/// <summary>A service's factory of one instance per consumer (<see cref="ServiceBroker.ProvidePerConsumer{TService}"/>).</summary>
internal sealed class PerConsumer(Func<Extension, object> forConsumer)
{
    public object For(Extension consumer) => forConsumer(consumer);
}

/// <summary>One provided service; revoking it cuts every guard's path to the implementation.</summary>
internal sealed class ServiceRegistration(Type service, object implementation, Extension provider, GuardShape shape)
{
    private object? _implementation = implementation;

    public Type Service { get; } = service;

    /// <summary>The guard class consumers get, and what its methods require.</summary>
    public GuardShape Shape { get; } = shape;

    public Extension Provider { get; } = provider;

    public bool IsLive => Volatile.Read(ref _implementation) is not null;

    public object Target => Volatile.Read(ref _implementation) ?? throw new ServiceUnavailableException(
        $"{Service.Name} was provided by {Provider.Id}, which has withdrawn it or been unloaded; ask the broker again once it is loaded.");

    public void Revoke() => Volatile.Write(ref _implementation, null);
}

/// <summary>The service broker as one extension sees it: what it provides is its own; what it gets is guarded by its permissions.</summary>
internal sealed class OwnedServiceBroker(ServiceBroker broker, Extension owner) : IServiceBroker
{
    public IDisposable Provide<TService>(TService implementation) where TService : class
    {
        if (owner.Id != ExtensionId.Kernel && typeof(TService).IsDefined(typeof(HostServiceAttribute), inherit: false))
        {
            throw new InvalidOperationException($"{typeof(TService).Name} is provided by the client itself; {owner.Id} cannot provide it.");
        }
        return owner.Own(broker.Provide(owner, implementation));
    }

    public TService? Find<TService>() where TService : class => broker.Find<TService>(owner);

    public TService Get<TService>() where TService : class => broker.Get<TService>(owner);

    /// <summary>The same broker, guarded in the name of <paramref name="hosted"/> (a script the owner runs).</summary>
    public IServiceBroker For(Extension hosted) => new OwnedServiceBroker(broker, hosted);
}
