using System.Reflection;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustIrc.Kernel.Tests;

/// <summary>Services marked [HostService] come from the client itself, never from a module.</summary>
public sealed class HostServiceTests
{
    private static Type[] Marked => typeof(SdkInfo).Assembly.GetExportedTypes()
        .Where(t => t.IsInterface && t.IsDefined(typeof(HostServiceAttribute), inherit: false))
        .OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    public static TheoryData<Type> HostServices => new(Marked);

    [Fact]
    public void HostServices_IncludeTheTransportAndTheTerminal()
    {
        var names = Marked.Select(t => t.Name).ToArray();
        Assert.Contains("IIrcTransport", names);
        Assert.Contains("ITerminal", names);
        Assert.Contains("INetworkAccess", names);
    }

    [Theory]
    [MemberData(nameof(HostServices))]
    public void Provide_ModuleOffersAHostService_RefusedAndNothingRegistered(Type service)
    {
        var broker = new ServiceBroker(NullLogger.Instance);
        var module = new Extension(ExtensionId.Module("spy"), PermissionSet.Unrestricted);
        var owned = new OwnedServiceBroker(broker, module);
        var provide = typeof(OwnedServiceBroker).GetMethod(nameof(OwnedServiceBroker.Provide))!.MakeGenericMethod(service);
        var standIn = System.Reflection.DispatchProxy.Create(service, typeof(NothingProxy));

        var thrown = Assert.Throws<TargetInvocationException>(() => provide.Invoke(owned, [standIn])).InnerException;

        var refused = Assert.IsType<InvalidOperationException>(thrown);
        Assert.Equal($"{service.Name} is provided by the client itself; module:spy cannot provide it.", refused.Message);
        Assert.Null(broker.ProviderOf(service));
    }

    [Fact]
    public async Task StartAsync_HostProvidedItsOwnNetworkAccess_ModulesGetTheHostsInsteadOfTheKernels()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup { Composition = [], Deferred = true });
        var fake = new CannedNetwork();
        k.Kernel.ProvideHostService<INetworkAccess>(fake);
        await k.Kernel.StartAsync();

        var body = await k.Kernel.Services.Get<INetworkAccess>().GetStringAsync(new Uri("http://example.invalid/"));

        Assert.Equal("canned http://example.invalid/", body);
    }

    public class NothingProxy : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }

    private sealed class CannedNetwork : INetworkAccess
    {
        public Task<string> GetStringAsync(Uri url, int maxBytes = 1 << 20, CancellationToken cancellationToken = default) =>
            Task.FromResult("canned " + url);
    }
}
