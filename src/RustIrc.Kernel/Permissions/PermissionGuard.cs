using System.Reflection;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Permissions;

/// <summary>
/// The permission check at the service boundary (public only because the guard classes derive from it).
/// A guard implements the service interface (its class made by <see cref="GuardTypes"/>), is bound to
/// one consumer, and before every call checks the <see cref="RequiresPermissionAttribute"/>s of the
/// called interface method against what the consumer holds at that moment. The services themselves
/// contain no permission code.
/// </summary>
/// <remarks>
/// Threat: an extension calls a service it was not granted, or keeps a reference to a service whose
/// provider was unloaded. The first is refused here with <see cref="PermissionDeniedException"/>; the
/// second gets <see cref="Sdk.Services.ServiceUnavailableException"/> because the registration was
/// revoked. Scoped permissions (paths) are checked on the argument named by
/// <see cref="RequiresPermissionAttribute.ScopeParameter"/>: the path is resolved link by link as the
/// operating system would (<see cref="RealPath"/>), each granted path likewise, and the service is
/// handed the real path that was checked, never the one asked for. A refusal names the path as asked
/// (made absolute), never what it resolved to: that could name a file the caller may not know of.
/// </remarks>
public abstract class PermissionGuard
{
    private GuardShape _shape = null!;
    private ServiceRegistration _registration = null!;
    private Extension _consumer = null!;
    private ILogger _logger = null!;
    private object? _perConsumer;

    internal static TService Create<TService>(ServiceRegistration registration, Extension consumer, ILogger logger) where TService : class
    {
        var guard = (PermissionGuard)Activator.CreateInstance(registration.Shape.GuardType)!;
        guard._shape = registration.Shape;
        guard._registration = registration;
        guard._consumer = consumer;
        guard._logger = logger;
        return (TService)(object)guard;
    }

    /// <summary>Checks the unscoped permissions of method number <paramref name="method"/> and returns the implementation to call.</summary>
    protected object Enter(int method)
    {
        var permissions = _consumer.Permissions;
        foreach (var requirement in _shape.Requirements[method])
        {
            if (requirement.ScopeIndex is null && !permissions.Allows(requirement.Permission))
            {
                throw Deny(requirement.Permission, _shape.Methods[method]);
            }
        }
        return Target();
    }

    /// <summary>The real path <paramref name="argument"/> names, if the consumer holds scoped requirement <paramref name="requirement"/> of the method for it.</summary>
    protected string CheckScope(int method, int requirement, string? argument) =>
        CheckPath(_shape.Requirements[method][requirement].Name, argument, _shape.Methods[method]);

    /// <summary>A registration handed out by a service (an attachment, a subscription) is owned by the consumer like everything else it registers.</summary>
    protected IDisposable? OwnResult(IDisposable? registration) => registration is null ? null : _consumer.Own(registration);

    /// <summary>
    /// A handle of a richer type (a held terminal screen) is owned too, so an unload releases it, but handed
    /// back as it is: its own Dispose must then be idempotent, since the unload disposes it again.
    /// </summary>
    protected object? OwnAlongside(IDisposable? handle)
    {
        if (handle is not null) _consumer.Own(handle);
        return handle;
    }

    /// <summary>The implementation, or this consumer's own instance of it (<see cref="PerConsumer"/>).</summary>
    private object Target()
    {
        var target = _registration.Target; // throws once the provider withdrew it
        return target is PerConsumer perConsumer ? _perConsumer ??= perConsumer.For(_consumer) : target;
    }

    /// <summary>The real path <paramref name="argument"/> names, if the consumer holds <paramref name="name"/> for it.</summary>
    private string CheckPath(string name, string? argument, MethodInfo method)
    {
        if (argument is not { Length: > 0 } asked || asked.Contains('\0'))
        {
            throw Deny(new Permission(name, argument ?? ""), method);
        }
        string real;
        try
        {
            real = RealPath.Resolve(asked);
        }
        catch (IOException ex)
        {
            throw new IOException($"{asked}: {ex.Message}");
        }
        if (!_consumer.Permissions.Allows(new Permission(name, real), RealPath.Resolve))
        {
            throw Deny(new Permission(name, Path.GetFullPath(asked)), method);
        }
        return real;
    }

    private PermissionDeniedException Deny(Permission permission, MethodInfo method)
    {
        var denied = new PermissionDeniedException(_consumer.Id, permission, PermissionActions.Of(permission.Name, method.Name));
        // The user reads the action; a developer reading the log wants the call too.
        _logger.LogWarning("Denied {Service}.{Method}: {Message}", _registration.Service.Name, method.Name, denied.Message);
        return denied;
    }
}
