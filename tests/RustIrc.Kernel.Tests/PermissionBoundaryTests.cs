using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// Every permission, checked at the service boundary against the real services: a caller without it is
/// refused before the service runs, with a message naming the caller and the permission; a caller
/// holding it gets the service's real effect (a file, a loopback HTTP request, a process, a printed
/// line, a loaded module).
/// </summary>
public sealed class PermissionBoundaryTests : IAsyncLifetime
{
    private static readonly ExtensionId Caller = ExtensionId.Module("probe");
    private readonly TestDirectory _files = new();
    private readonly RecordingUi _ui = new();
    private readonly RecordingTerminal _terminal = new();
    private readonly RecordingIrc _irc = new();
    private readonly RecordingTransport _transport = new();
    private LoopbackHttpServer _http = null!;
    private TestKernel _k = null!;

    // irc.credentials guards no call: it decides whether events reach an extension masked (EventGuardTests).
    public static TheoryData<string> AllPermissions => new(WellKnownPermissions.All.Where(p => p != WellKnownPermissions.IrcCredentials).Order(StringComparer.Ordinal));

    public async Task InitializeAsync()
    {
        _http = new LoopbackHttpServer("hello over loopback");
        _k = await TestKernel.StartAsync(new KernelSetup { Fixtures = ["HotV1"], Composition = [] });
        _k.Kernel.ProvideHostService<IUiModel>(_ui);
        _k.Kernel.ProvideHostService<ITerminal>(_terminal);
        _k.Kernel.ProvideHostService<IIrcService>(_irc);
        _k.Kernel.ProvideHostService<IIrcTransport>(_transport);
    }

    public async Task DisposeAsync()
    {
        await _k.DisposeAsync();
        await _http.DisposeAsync();
        _files.Dispose();
    }

    [Theory]
    [MemberData(nameof(AllPermissions))]
    public void Call_CallerLacksPermission_DeniedAtBoundaryNamingCallerAndPermission(string permission)
    {
        foreach (var scenario in ScenariosFor(permission))
        {
            // Everything else is granted, so the refusal is about this permission alone.
            var caller = CallerHolding(WellKnownPermissions.All.Where(p => p != permission).Select(GrantOf));

            // The guard refuses synchronously, before an asynchronous service has started anything.
            var thrown = Record.Exception(() => { _ = scenario.Call(caller); });

            var denied = Assert.IsType<PermissionDeniedException>(thrown);
            Assert.Equal(Caller, denied.Extension);
            Assert.Equal(permission, denied.Permission.Name);
            Assert.Equal(PermissionActions.Of(permission, "?"), denied.Operation);
            Assert.DoesNotContain(scenario.Operation.Split('.')[0], denied.Message, StringComparison.Ordinal);
            Assert.StartsWith($"module 'probe' needs permission {permission}", denied.Message);
            Assert.Contains($"grant it with /module grant probe {permission}", denied.Message);
            Assert.False(scenario.Happened(), $"{scenario.Operation} ran although {permission} was denied");
        }
    }

    [Theory]
    [MemberData(nameof(AllPermissions))]
    public async Task Call_CallerHoldsPermission_ServiceRuns(string permission)
    {
        foreach (var scenario in ScenariosFor(permission))
        {
            var caller = CallerHolding([GrantOf(permission)]);

            await scenario.Call(caller);

            Assert.True(scenario.Happened(), $"{scenario.Operation} had no effect although {permission} was granted");
        }
    }

    [Fact]
    public void ScenariosFor_EveryKnownPermission_HasAtLeastOne()
    {
        foreach (var permission in AllPermissions)
        {
            Assert.NotEmpty(ScenariosFor(permission));
        }
    }

    /// <summary>One guarded call and how to see that the service really ran.</summary>
    private sealed record Scenario(string Operation, Func<Extension, Task> Call, Func<bool> Happened);

    private Extension CallerHolding(IEnumerable<Permission> permissions) => new(Caller, new PermissionSet(permissions));

    private Permission GrantOf(string permission) =>
        WellKnownPermissions.IsScoped(permission) ? new Permission(permission, _files.Path) : new Permission(permission);

    private T Service<T>(Extension caller) where T : class => _k.Kernel.Broker.Get<T>(caller);

    private IReadOnlyList<Scenario> ScenariosFor(string permission)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        switch (permission)
        {
            case WellKnownPermissions.FileRead:
            {
                var path = _files.Combine($"read-{tag}.txt");
                File.WriteAllText(path, "secret " + tag);
                string? read = null;
                bool? exists = null;
                return
                [
                    new("IFileAccess.ReadAllText", caller => Done(read = Service<IFileAccess>(caller).ReadAllText(path)), () => read == "secret " + tag),
                    new("IFileAccess.Exists", caller => Done(exists = Service<IFileAccess>(caller).Exists(path)), () => exists == true),
                ];
            }
            case WellKnownPermissions.FileWrite:
            {
                var written = _files.Combine($"write-{tag}.txt");
                var appended = _files.Combine($"append-{tag}.txt");
                return
                [
                    new("IFileAccess.WriteAllText", caller => Done(() => Service<IFileAccess>(caller).WriteAllText(written, tag)), () => File.Exists(written)),
                    new("IFileAccess.AppendAllText", caller => Done(() => Service<IFileAccess>(caller).AppendAllText(appended, tag)), () => File.Exists(appended)),
                ];
            }
            case WellKnownPermissions.NetworkAccess:
            {
                var before = _http.Requests;
                string? body = null;
                var host = $"irc-{tag}.example";
                return
                [
                    new("INetworkAccess.GetStringAsync",
                        caller => Then(Service<INetworkAccess>(caller).GetStringAsync(_http.Url), text => body = text),
                        () => _http.Requests > before && body == _http.Body),
                    new("IIrcService.Connect",
                        caller => Done(Service<IIrcService>(caller).Connect(new IrcNetworkOptions { Name = tag, Host = host, Nick = "probe" })),
                        () => _irc.Calls.Contains("Connect " + host)),
                    new("IIrcTransport.ConnectAsync",
                        caller => Service<IIrcTransport>(caller).ConnectAsync(host, 6667, CancellationToken.None).AsTask(),
                        () => _transport.Opened.Contains($"{host}:6667")),
                ];
            }
            case WellKnownPermissions.CommandExecution:
            {
                var marker = _files.Combine($"ran-{tag}");
                return
                [
                    new("IProcessLauncher.RunAsync",
                        caller => Service<IProcessLauncher>(caller).RunAsync("touch", [marker], TimeSpan.FromSeconds(10)),
                        () => File.Exists(marker)),
                ];
            }
            case WellKnownPermissions.UiModification:
            {
                var text = "printed " + tag;
                return
                [
                    new("IUiModel.Print", caller => Done(() => Service<IUiModel>(caller).Print(IUiModel.StatusBuffer, text)), () => _ui.Printed.Contains(text)),
                    new("ITerminal.WriteLine", caller => Done(() => Service<ITerminal>(caller).WriteLine(text)), () => _terminal.Written.Contains(text)),
                ];
            }
            case WellKnownPermissions.IrcSend:
                return
                [
                    new("IIrcService.SendMessage", caller => Done(() => Service<IIrcService>(caller).SendMessage("net", "#c", tag)), () => _irc.Calls.Contains($"SendMessage #c {tag}")),
                    new("IIrcService.SendRaw", caller => Done(() => Service<IIrcService>(caller).SendRaw("net", "PING " + tag)), () => _irc.Calls.Contains($"SendRaw PING {tag}")),
                    new("IIrcService.Join", caller => Done(() => Service<IIrcService>(caller).Join("net", "#" + tag)), () => _irc.Calls.Contains($"Join #{tag}")),
                    new("IIrcService.SetMode", caller => Done(() => Service<IIrcService>(caller).SetMode("net", "#" + tag, "+o", "x")), () => _irc.Calls.Contains($"SetMode #{tag} +o")),
                    new("IIrcService.DisconnectAsync", caller => Service<IIrcService>(caller).DisconnectAsync(tag), () => _irc.Calls.Contains("Disconnect " + tag)),
                ];
            case WellKnownPermissions.IrcRead:
                return
                [
                    new("IIrcService.Networks", caller => Done(Service<IIrcService>(caller).Networks()), () => _irc.Calls.Contains("Networks")),
                    new("IIrcService.Channels", caller => Done(Service<IIrcService>(caller).Channels(tag)), () => _irc.Calls.Contains("Channels " + tag)),
                    new("IIrcService.Members", caller => Done(Service<IIrcService>(caller).Members(tag, "#c")), () => _irc.Calls.Contains($"Members {tag} #c")),
                    new("IIrcService.FindNetwork", caller => Done(Service<IIrcService>(caller).FindNetwork(tag)), () => _irc.Calls.Contains("FindNetwork " + tag)),
                    new("IIrcService.NickOf", caller => Done(Service<IIrcService>(caller).NickOf(tag)), () => _irc.Calls.Contains("NickOf " + tag)),
                ];
            case WellKnownPermissions.ModulesManage:
                return
                [
                    new("IModuleManager.LoadAsync", caller => Service<IModuleManager>(caller).LoadAsync("hot"), () => _k.Status("hot").State == ModuleState.Enabled),
                ];
            default:
                throw new InvalidOperationException($"Permission {permission} has no scenario: add one here so it is tested to deny and to allow.");
        }
    }

    private static Task Done<T>(T _) => Task.CompletedTask;

    private static Task Done(Action call)
    {
        call();
        return Task.CompletedTask;
    }

    private static async Task Then<T>(Task<T> call, Action<T> use) => use(await call);

    /// <summary>An IRC transport that records where it was asked to connect and hands back an empty stream.</summary>
    private sealed class RecordingTransport : IIrcTransport
    {
        public List<string> Opened { get; } = [];

        public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
        {
            lock (Opened) Opened.Add($"{host}:{port}");
            return ValueTask.FromResult<Stream>(new MemoryStream());
        }
    }
}
