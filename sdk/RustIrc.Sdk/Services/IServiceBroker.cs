namespace RustIrc.Sdk.Services;

/// <summary>
/// Hands services between extensions. A service is an interface (declared in the SDK, so every load
/// context sees the same type); what a consumer receives is a guard bound to the consumer's identity
/// that checks <see cref="Permissions.RequiresPermissionAttribute"/> on every call and stops working
/// once the provider is unloaded.
/// </summary>
public interface IServiceBroker
{
    /// <summary>Offers <paramref name="implementation"/> as <typeparamref name="TService"/>, owned by the caller.</summary>
    /// <returns>Disposing it withdraws the service; guards handed out refuse further calls.</returns>
    /// <exception cref="InvalidOperationException">Another extension already provides the service.</exception>
    IDisposable Provide<TService>(TService implementation) where TService : class;

    /// <summary>The service guarded for the caller, or null when nobody provides it.</summary>
    TService? Find<TService>() where TService : class;

    /// <summary>The service guarded for the caller.</summary>
    /// <exception cref="ServiceUnavailableException">Nobody provides it.</exception>
    TService Get<TService>() where TService : class;
}

/// <summary>A service was asked for that nobody provides, or whose provider has been unloaded.</summary>
public sealed class ServiceUnavailableException(string message) : Exception(message);
