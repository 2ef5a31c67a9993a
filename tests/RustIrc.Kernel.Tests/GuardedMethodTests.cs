using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// Every SDK method marked with <see cref="RequiresPermissionAttribute"/>, called through the broker's
/// guard over a stand-in implementation: refused without the permission (the stand-in never sees the
/// call), passed through with it. A new guarded method is covered the day it is added.
/// </summary>
public sealed class GuardedMethodTests : IDisposable
{
    private static readonly ExtensionId Caller = ExtensionId.Module("probe");
    private readonly TestDirectory _granted = new();
    private readonly Extension _provider = new(ExtensionId.Kernel, PermissionSet.Unrestricted);

    public static TheoryData<string> GuardedMethods => new(AllGuarded().Select(g => Signature(g.Method)));

    [Fact]
    public void GuardedMethods_SdkServices_EveryKnownPermissionGuardsSomething()
    {
        var used = AllGuarded().SelectMany(g => g.Requirements.Select(r => r.Name)).ToHashSet();

        // irc.credentials guards no call: it decides what events hold (EventGuardTests).
        Assert.Equal(WellKnownPermissions.All.Where(p => p != WellKnownPermissions.IrcCredentials).Order(), used.Order());
    }

    [Theory]
    [MemberData(nameof(GuardedMethods))]
    public void Invoke_CallerLacksTheRequiredPermission_RefusedBeforeTheService(string signature)
    {
        var (method, requirements) = AllGuarded().Single(g => Signature(g.Method) == signature);
        foreach (var required in requirements.Select(r => r.Name).Distinct())
        {
            var caller = new Extension(Caller, new PermissionSet(WellKnownPermissions.All.Where(p => p != required).Select(Grant)));
            var (guard, stand) = GuardFor(method.DeclaringType!, caller);

            var thrown = Record.Exception(() => method.Invoke(guard, ArgumentsFor(method)));

            var denied = Assert.IsType<PermissionDeniedException>((thrown as TargetInvocationException)?.InnerException ?? thrown);
            Assert.Equal(required, denied.Permission.Name);
            Assert.Equal(Caller, denied.Extension);
            Assert.Equal($"{method.DeclaringType!.Name}.{method.Name}", denied.Operation);
            Assert.Empty(stand.Calls);
        }
    }

    [Theory]
    [MemberData(nameof(GuardedMethods))]
    public void Invoke_CallerHoldsTheRequiredPermissions_ReachesTheService(string signature)
    {
        var (method, requirements) = AllGuarded().Single(g => Signature(g.Method) == signature);
        var caller = new Extension(Caller, new PermissionSet(requirements.Select(r => Grant(r.Name))));
        var (guard, stand) = GuardFor(method.DeclaringType!, caller);

        method.Invoke(guard, ArgumentsFor(method));

        Assert.Equal(method.Name, Assert.Single(stand.Calls));
    }

    [Fact]
    public void Property_MarkedWithRequiresPermission_GuardsItsGetterAndSetter()
    {
        // A module's own service may guard a property: the proxy is called with its accessors only.
        var reader = new Extension(Caller, new PermissionSet([new Permission(WellKnownPermissions.IrcRead)]));
        var (guard, stand) = GuardFor(typeof(IGuardedProperties), reader);
        var properties = (IGuardedProperties)guard;

        _ = properties.Secret;
        var denied = Assert.Throws<PermissionDeniedException>(() => properties.Target = "#chan");

        Assert.Equal(WellKnownPermissions.IrcSend, denied.Permission.Name);
        Assert.Equal(["get_Secret"], stand.Calls);
        var nobody = (IGuardedProperties)GuardFor(typeof(IGuardedProperties), new Extension(Caller, new PermissionSet([]))).Guard;
        Assert.Equal(WellKnownPermissions.IrcRead, Assert.Throws<PermissionDeniedException>(() => nobody.Secret).Permission.Name);
    }

    /// <summary>A service with guarded properties, as a module could define one.</summary>
    public interface IGuardedProperties
    {
        [RequiresPermission(WellKnownPermissions.IrcRead)]
        string Secret { get; }

        [RequiresPermission(WellKnownPermissions.IrcSend)]
        string Target { set; }
    }

    public void Dispose()
    {
        _provider.Dispose();
        _granted.Dispose();
    }

    private Permission Grant(string name) => WellKnownPermissions.IsScoped(name) ? new Permission(name, _granted.Path) : new Permission(name);

    /// <summary>Arguments that satisfy a granted caller: paths inside the granted folder, defaults elsewhere.</summary>
    private object?[] ArgumentsFor(MethodInfo method) => method.GetParameters().Select(p =>
        p.ParameterType == typeof(string) ? _granted.Combine("file.txt")
        : p.HasDefaultValue ? p.DefaultValue
        : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType)
        : null).ToArray();

    private (object Guard, StandIn Stand) GuardFor(Type service, Extension caller)
    {
        var broker = new ServiceBroker(NullLogger.Instance);
        var stand = DispatchProxy.Create(service, typeof(StandIn));
        typeof(ServiceBroker).GetMethod(nameof(ServiceBroker.Provide))!.MakeGenericMethod(service).Invoke(broker, [_provider, stand]);
        var guard = typeof(ServiceBroker).GetMethod(nameof(ServiceBroker.Get))!.MakeGenericMethod(service).Invoke(broker, [caller])!;
        return (guard, (StandIn)stand);
    }

    private static string Signature(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>Every method of a public SDK interface that needs a permission, with property accessors counted as methods.</summary>
    private static IEnumerable<(MethodInfo Method, RequiresPermissionAttribute[] Requirements)> AllGuarded() =>
        typeof(RequiresPermissionAttribute).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface)
            .SelectMany(t => t.GetMethods().Select(m => (Method: m, Requirements: RequirementsOf(t, m))))
            .Where(g => g.Requirements.Length > 0)
            .OrderBy(g => Signature(g.Method), StringComparer.Ordinal);

    private static RequiresPermissionAttribute[] RequirementsOf(Type service, MethodInfo method)
    {
        var property = service.GetProperties().FirstOrDefault(p => p.GetMethod == method || p.SetMethod == method);
        return [.. method.GetCustomAttributes<RequiresPermissionAttribute>(), .. property?.GetCustomAttributes<RequiresPermissionAttribute>() ?? []];
    }

    /// <summary>A do-nothing implementation of any interface that records which methods were called.</summary>
    public class StandIn : DispatchProxy
    {
        public List<string> Calls { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add(targetMethod!.Name);
            var type = targetMethod.ReturnType;
            if (type == typeof(Task)) return Task.CompletedTask;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var result = type.GetGenericArguments()[0];
                return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(result)
                    .Invoke(null, [result.IsValueType ? Activator.CreateInstance(result) : null]);
            }
            return type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null;
        }
    }
}
