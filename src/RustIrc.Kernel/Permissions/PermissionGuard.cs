using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Permissions;

/// <summary>
/// The permission check at the service boundary (public only because DispatchProxy needs it). A guard implements the service interface (through
/// <see cref="DispatchProxy"/>), is bound to one consumer, and before every call checks the
/// <see cref="RequiresPermissionAttribute"/>s of the called interface method against what the consumer
/// holds at that moment. The services themselves contain no permission code.
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
public class PermissionGuard : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Requirement[]> SdkRequirements = new();

    private ServiceRegistration _registration = null!;
    private Extension _consumer = null!;
    private ILogger _logger = null!;
    private object? _perConsumer;

    internal static TService Create<TService>(ServiceRegistration registration, Extension consumer, ILogger logger) where TService : class
    {
        var proxy = Create<TService, PermissionGuard>();
        var guard = (PermissionGuard)(object)proxy;
        guard._registration = registration;
        guard._consumer = consumer;
        guard._logger = logger;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        foreach (var requirement in RequirementsOf(targetMethod))
        {
            if (requirement.ScopeIndex is int index)
            {
                args[index] = CheckPath(requirement.Name, args[index], targetMethod);
            }
            else if (!_consumer.Permissions.Allows(new Permission(requirement.Name)))
            {
                throw Deny(new Permission(requirement.Name), targetMethod);
            }
        }
        try
        {
            var result = targetMethod.Invoke(Target(), args);
            // A registration handed out by a service (an attachment, a subscription) is owned by the
            // consumer like everything else it registers, and is released when the consumer unloads.
            return result is IDisposable registration && targetMethod.ReturnType == typeof(IDisposable)
                ? _consumer.Own(registration)
                : result;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw; // not reached
        }
    }

    /// <summary>The implementation, or this consumer's own instance of it (<see cref="PerConsumer"/>).</summary>
    private object Target()
    {
        var target = _registration.Target; // throws once the provider withdrew it
        return target is PerConsumer perConsumer ? _perConsumer ??= perConsumer.For(_consumer) : target;
    }

    /// <summary>The real path <paramref name="argument"/> names, if the consumer holds <paramref name="name"/> for it.</summary>
    private string CheckPath(string name, object? argument, MethodInfo method)
    {
        if (argument is not string asked || asked.Length == 0 || asked.Contains('\0'))
        {
            throw Deny(new Permission(name, argument as string ?? ""), method);
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
        var denied = new PermissionDeniedException(_consumer.Id, permission, $"{_registration.Service.Name}.{method.Name}");
        _logger.LogWarning("Denied: {Message}", denied.Message);
        return denied;
    }

    private static Requirement[] RequirementsOf(MethodInfo method)
    {
        // Only SDK interfaces (shared, never unloaded) are cached process-wide; interfaces from a module's
        // own assembly are read each time so the cache cannot pin its load context.
        if (method.DeclaringType?.Assembly == typeof(RequiresPermissionAttribute).Assembly)
        {
            return SdkRequirements.GetOrAdd(method, Read);
        }
        return Read(method);
    }

    /// <summary>The method's own attributes, and those of the property it is an accessor of: a proxy is called with get_X and set_X only.</summary>
    private static IEnumerable<RequiresPermissionAttribute> AttributesOf(MethodInfo method)
    {
        var own = method.GetCustomAttributes<RequiresPermissionAttribute>();
        if (!method.IsSpecialName || method.DeclaringType is null) return own;
        var property = method.DeclaringType.GetProperties().FirstOrDefault(p => p.GetMethod == method || p.SetMethod == method);
        return property is null ? own : own.Concat(property.GetCustomAttributes<RequiresPermissionAttribute>());
    }

    private static Requirement[] Read(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return AttributesOf(method)
            .Select(a =>
            {
                int? index = null;
                if (a.ScopeParameter is not null)
                {
                    var found = Array.FindIndex(parameters, p => p.Name == a.ScopeParameter);
                    if (found < 0)
                    {
                        throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} names scope parameter '{a.ScopeParameter}', which it does not have.");
                    }
                    index = found;
                }
                return new Requirement(a.Name, index);
            })
            .ToArray();
    }

    private sealed record Requirement(string Name, int? ScopeIndex);
}
