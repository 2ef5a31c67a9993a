using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

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

            var thrown = Record.Exception(() => Call(method, guard));

            var denied = Assert.IsType<PermissionDeniedException>((thrown as TargetInvocationException)?.InnerException ?? thrown);
            Assert.Equal(required, denied.Permission.Name);
            Assert.Equal(Caller, denied.Extension);
            // The user reads what was refused in their words, never the interface and method.
            Assert.Equal(PermissionActions.Of(required, "?"), denied.Operation);
            Assert.DoesNotContain(method.DeclaringType!.Name, denied.Message, StringComparison.Ordinal);
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

        Call(method, guard);

        Assert.Equal(method.Name, Assert.Single(stand.Calls));
    }

    [Fact]
    public void TakeOver_FrontendUnloadedWithoutGivingItBack_TheScreenIsReleasedAndUsableUntilThen()
    {
        // The screen comes back as itself (the frontend draws on it), and is still owned by the caller.
        var caller = new Extension(Caller, new PermissionSet([new Permission(WellKnownPermissions.UiModification)]));
        var (guard, stand) = GuardFor(typeof(ITerminal), caller);

        var screen = ((ITerminal)guard).TakeOver(new NoFrontend());

        var held = ((TerminalStandIn)stand).Screen!;
        Assert.Same(held, screen);
        Assert.Equal(0, held.Disposals);
        caller.Dispose();
        Assert.Equal(1, held.Disposals);
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

    [Fact]
    public void Provide_InterfaceThatCannotBeGuarded_RefusedToItsProvider()
    {
        var broker = new ServiceBroker(NullLogger.Instance);

        var hidden = Assert.Throws<ArgumentException>(() => broker.Provide<IHiddenService>(_provider, new HiddenService()));
        var generic = Assert.Throws<ArgumentException>(() => broker.Provide<IGenericService>(_provider, new GenericService()));

        Assert.Equal("IHiddenService is not a public interface: services are provided as public interfaces so calls can be guarded.", hidden.Message);
        Assert.StartsWith("IGenericService.Echo is generic", generic.Message);
        Assert.Null(broker.ProviderOf(typeof(IHiddenService)));
    }

    [Fact]
    public void SpanArgument_ThroughTheGuard_ReachesTheServiceWhole()
    {
        var broker = new ServiceBroker(NullLogger.Instance);
        var terminal = new LineTerminal();
        broker.Provide<ITerminal>(_provider, terminal);
        var guard = broker.Get<ITerminal>(new Extension(Caller, new PermissionSet([new Permission(WellKnownPermissions.UiModification)])));
        var buffer = "[#chan] <ada> hello".ToCharArray();

        guard.WriteLine(buffer.AsSpan(8));

        Assert.Equal(["<ada> hello"], terminal.Lines);
    }

    internal interface IHiddenService
    {
        void Do();
    }

    public interface IGenericService
    {
        T Echo<T>(T value);
    }

    private sealed class HiddenService : IHiddenService
    {
        public void Do()
        {
        }
    }

    private sealed class GenericService : IGenericService
    {
        public T Echo<T>(T value) => value;
    }

    private sealed class LineTerminal : ITerminal
    {
        public List<string> Lines { get; } = [];

        public bool Json => false;

        public void WriteLine(string line) => Lines.Add("(string) " + line);

        public void WriteLine(ReadOnlySpan<char> line) => Lines.Add(line.ToString());

        public IDisposable Attach(Func<string, Task> onLine) => throw new NotSupportedException();
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

    // Reflection cannot pass a span, so the methods that take one are called here by hand.
    private static readonly Dictionary<string, Action<object>> SpanCalls = new()
    {
        ["IUiModel.Print(String,ReadOnlySpan`1,LineKind)"] = guard => ((IUiModel)guard).Print("status", "text".AsSpan(), LineKind.Info),
        ["IUiModel.Print(String,ReadOnlySpan`1,LineKind,DateTimeOffset)"] = guard => ((IUiModel)guard).Print("status", "text".AsSpan(), LineKind.Info, DateTimeOffset.UnixEpoch),
        ["ITerminal.WriteLine(ReadOnlySpan`1)"] = guard => ((ITerminal)guard).WriteLine("line".AsSpan()),
        ["IUiModel.Highlight(String,ReadOnlySpan`1,DateTimeOffset)"] = guard => ((IUiModel)guard).Highlight("status", "line".AsSpan(), DateTimeOffset.UnixEpoch),
    };

    private void Call(MethodInfo method, object guard)
    {
        if (!method.GetParameters().Any(p => p.ParameterType.IsByRefLike))
        {
            method.Invoke(guard, ArgumentsFor(method));
            return;
        }
        if (!SpanCalls.TryGetValue(Signature(method), out var call)) Assert.Fail($"{Signature(method)} takes a span: add a call to it to {nameof(SpanCalls)}.");
        call(guard);
    }

    /// <summary>Arguments that satisfy a granted caller: paths inside the granted folder, defaults elsewhere.</summary>
    private object?[] ArgumentsFor(MethodInfo method) => method.GetParameters().Select(p =>
        p.ParameterType == typeof(string) ? _granted.Combine("file.txt")
        : p.HasDefaultValue ? p.DefaultValue
        : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType)
        : null).ToArray();

    private (object Guard, ICallRecorder Stand) GuardFor(Type service, Extension caller)
    {
        var broker = new ServiceBroker(NullLogger.Instance);
        // A DispatchProxy cannot take a span: the services with span methods have stand-ins of their own.
        var stand = service == typeof(IUiModel) ? new UiStandIn()
            : service == typeof(ITerminal) ? new TerminalStandIn()
            : (ICallRecorder)DispatchProxy.Create(service, typeof(StandIn));
        typeof(ServiceBroker).GetMethod(nameof(ServiceBroker.Provide))!.MakeGenericMethod(service).Invoke(broker, [_provider, stand]);
        var guard = typeof(ServiceBroker).GetMethod(nameof(ServiceBroker.Get))!.MakeGenericMethod(service).Invoke(broker, [caller])!;
        return (guard, stand);
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

    /// <summary>A stand-in service: which of its methods were called.</summary>
    public interface ICallRecorder
    {
        List<string> Calls { get; }
    }

    /// <summary>A do-nothing implementation of any interface that records which methods were called.</summary>
    public class StandIn : DispatchProxy, ICallRecorder
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

    private sealed class UiStandIn : IUiModel, ICallRecorder
    {
        public List<string> Calls { get; } = [];

        public string CurrentBuffer => Record("get_CurrentBuffer", IUiModel.StatusBuffer);

        public IReadOnlyList<BufferInfo> Buffers() => Record(nameof(Buffers), Array.Empty<BufferInfo>());

        public IReadOnlyList<BufferLine> Lines(string buffer, int count) => Record(nameof(Lines), Array.Empty<BufferLine>());

        public void Print(string buffer, string text, LineKind kind = LineKind.Info) => Calls.Add(nameof(Print));

        public void Print(string buffer, ReadOnlySpan<char> text, LineKind kind = LineKind.Info) => Calls.Add(nameof(Print));

        public void Print(string buffer, ReadOnlySpan<char> text, LineKind kind, DateTimeOffset time) => Calls.Add(nameof(Print));

        public void Open(string buffer, string? network = null) => Calls.Add(nameof(Open));

        public void Close(string buffer) => Calls.Add(nameof(Close));

        public void SwitchTo(string buffer) => Calls.Add(nameof(SwitchTo));

        public void Clear(string buffer) => Calls.Add(nameof(Clear));

        public void Rename(string buffer, string newName) => Calls.Add(nameof(Rename));

        public void Highlight(string buffer, ReadOnlySpan<char> line, DateTimeOffset time) => Calls.Add(nameof(Highlight));

        public IDisposable WatchLines(LineWatcher watcher) => Record(nameof(WatchLines), new Disposable(() => { }));

        private T Record<T>(string name, T result)
        {
            Calls.Add(name);
            return result;
        }
    }

    private sealed class TerminalStandIn : ITerminal, ICallRecorder
    {
        public List<string> Calls { get; } = [];

        public bool Json
        {
            get
            {
                Calls.Add("get_Json");
                return false;
            }
        }

        public void WriteLine(string line) => Calls.Add(nameof(WriteLine));

        public void WriteLine(ReadOnlySpan<char> line) => Calls.Add(nameof(WriteLine));

        public IDisposable Attach(Func<string, Task> onLine)
        {
            Calls.Add(nameof(Attach));
            return new Disposable(() => { });
        }

        public ScreenStandIn? Screen { get; private set; }

        public ITerminalScreen TakeOver(IScreenFrontend frontend)
        {
            Calls.Add(nameof(TakeOver));
            return Screen = new ScreenStandIn();
        }
    }

    private sealed class ScreenStandIn : ITerminalScreen
    {
        public int Disposals { get; private set; }

        public int Width => 80;

        public int Height => 24;

        public void Draw(ReadOnlySpan<char> output)
        {
        }

        public void Dispose() => Disposals++;
    }

    private sealed class NoFrontend : IScreenFrontend
    {
        public void OnInput(ReadOnlySpan<byte> input)
        {
        }

        public void OnResize(int width, int height)
        {
        }

        public void OnOutput(string line)
        {
        }
    }
}
