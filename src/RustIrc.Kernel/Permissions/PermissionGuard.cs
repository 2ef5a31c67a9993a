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
/// <see cref="RequiresPermissionAttribute.ScopeParameter"/>, after it is made absolute.
/// </remarks>
public class PermissionGuard : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Requirement[]> SdkRequirements = new();

    private ServiceRegistration _registration = null!;
    private Extension _consumer = null!;
    private ILogger _logger = null!;

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
            var permission = requirement.ScopeIndex is int index
                ? new Permission(requirement.Name, ScopeOf(args[index]))
                : new Permission(requirement.Name);
            if (!_consumer.Permissions.Allows(permission))
            {
                var denied = new PermissionDeniedException(_consumer.Id, permission, $"{_registration.Service.Name}.{targetMethod.Name}");
                _logger.LogWarning("Denied: {Message}", denied.Message);
                throw denied;
            }
        }
        try
        {
            var result = targetMethod.Invoke(_registration.Target, args);
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

    private static string ScopeOf(object? argument) => argument switch
    {
        string path when path.Length > 0 && !path.Contains('\0') => RealPath.Resolve(path),
        _ => "\0", // no path given: matches no grant
    };

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
