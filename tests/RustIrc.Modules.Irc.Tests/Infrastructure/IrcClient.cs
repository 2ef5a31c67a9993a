using System.Reflection;
using Microsoft.Extensions.Configuration;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;
using RustIrc.Sdk.Testing;

namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>
/// The irc module as a user runs it: a <see cref="RustIrcKernel"/> loading the built ui and irc modules
/// from <c>artifacts/&lt;Configuration&gt;/modules/</c>, with every published event recorded in order.
/// Disposing it stops the kernel (the irc module quits its networks) and deletes its data folder,
/// unless the test gave one (to start another client on it: a restart).
/// </summary>
internal sealed class IrcClient : IAsyncDisposable
{
    public const string Network = "fake";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly string ModulesDirectory = Path.Combine(
        typeof(IrcClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RustIrcArtifacts").Value!,
        "modules");

    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly Recording<RustIrcEvent> _events = new();
    private int _syncs;
    private IDisposable? _recording;

    private IrcClient(IConfiguration? configuration, string? dataDirectory)
    {
        _ownsDataDirectory = dataDirectory is null;
        _dataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("rustirc-irc-tests-").FullName;
        Kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [ModulesDirectory],
            DataDirectory = _dataDirectory,
            Composition = ["ui", "irc"],
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                ["irc"] = [WellKnownPermissions.NetworkAccess, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.UiModification],
            },
            Configuration = configuration ?? new ConfigurationBuilder().Build(),
        });
    }

    public RustIrcKernel Kernel { get; }

    /// <summary>Every event published so far, in order.</summary>
    public IReadOnlyList<RustIrcEvent> Events => _events.Items;

    public int EventCount => _events.Count;

    /// <summary>
    /// Starts a kernel with the ui and irc modules, with the given settings (<c>modules:irc:…</c> keys), on
    /// <paramref name="dataDirectory"/> (kept after disposal) or a fresh data folder.
    /// </summary>
    public static async Task<IrcClient> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        var configuration = settings is null ? null : new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var client = new IrcClient(configuration, dataDirectory);
        await client.Kernel.ClientLoop.InvokeAsync(() =>
        {
            client._recording = client.Kernel.Events.Observe(client._events.Add);
            return Task.CompletedTask;
        });
        await client.Kernel.StartAsync();
        var irc = await client.ModuleAsync("irc");
        if (irc.State != ModuleState.Enabled)
        {
            await client.DisposeAsync();
            Assert.Fail($"The irc module did not start from {ModulesDirectory}: {irc.State} {irc.Reason}");
        }
        return client;
    }

    /// <summary>The status of module <paramref name="id"/> (read on the loop, where the manager answers without blocking).</summary>
    public Task<ModuleStatus> ModuleAsync(string id) => OnLoopAsync(() => Kernel.Manager.List().Single(m => m.Id == id));

    /// <summary>
    /// Connects network <see cref="Network"/> to <paramref name="server"/> as <c>tester</c> without
    /// reconnecting, and (unless <paramref name="waitForRegistration"/> is false) waits for ConnectedEvent.
    /// </summary>
    public async Task<ConnectedEvent?> ConnectAsync(FakeIrcServer server, Func<IrcNetworkOptions, IrcNetworkOptions>? adjust = null, bool waitForRegistration = true)
    {
        var options = new IrcNetworkOptions { Name = Network, Host = "127.0.0.1", Port = server.Port, Nick = "tester", Reconnect = false };
        if (adjust is not null) options = adjust(options);
        var from = EventCount;
        await IrcAsync(irc => irc.Connect(options));
        return waitForRegistration ? await WaitForEventAsync<ConnectedEvent>(what: "the client registered", from: from) : null;
    }

    /// <summary>
    /// Sends a private message from <c>sync</c> through <paramref name="server"/> and waits until the client
    /// has published it: every line the server sent before has been handled by then.
    /// </summary>
    public async Task SyncAsync(FakeIrcServer server)
    {
        var token = $"sync-{Interlocked.Increment(ref _syncs)}";
        var from = EventCount;
        await server.SendAsync($":sync!s@sync.host PRIVMSG {server.Nick} :{token}");
        await WaitForEventAsync<MessageEvent>(e => e.Text == token, what: $"the sync message {token} arrived", from: from);
    }

    /// <summary>Stops recording events, so that nothing but the client's own modules listens (for measuring).</summary>
    public Task StopRecordingAsync() => OnLoopAsync(() => _recording?.Dispose());

    /// <summary>Runs a command line as typed in <paramref name="buffer"/> (or the current buffer); returns its outcome and replies.</summary>
    public async Task<(CommandOutcome Outcome, IReadOnlyList<string> Replies)> ExecuteAsync(string line, string? buffer = null)
    {
        if (buffer is not null) await OnLoopAsync(() => Kernel.Services.Get<IUiModel>().SwitchTo(buffer));
        var output = new Output();
        var outcome = await Kernel.ExecuteAsync(line, output);
        return (outcome, output.Lines);
    }

    /// <summary>Calls the IRC service on the client loop, as the kernel.</summary>
    public Task<T> IrcAsync<T>(Func<IIrcService, T> call) => OnLoopAsync(() => call(Kernel.Services.Get<IIrcService>()));

    /// <summary>The snapshot of network <see cref="Network"/>.</summary>
    public async Task<IrcNetworkInfo> InfoAsync() => await IrcAsync(irc => irc.FindNetwork(Network))
        ?? throw new InvalidOperationException($"The IRC service does not know network {Network}.");

    /// <summary>Asks the UI model something on the client loop.</summary>
    public Task<T> UiAsync<T>(Func<IUiModel, T> question) => OnLoopAsync(() => question(Kernel.Services.Get<IUiModel>()));

    /// <summary>The lines of a UI buffer with their kinds (empty when it does not exist).</summary>
    public Task<IReadOnlyList<BufferLine>> BufferLinesAsync(string buffer) =>
        OnLoopAsync<IReadOnlyList<BufferLine>>(() => Kernel.Services.Get<IUiModel>().Lines(buffer, 10_000));

    /// <summary>Waits until a line of <paramref name="buffer"/> contains <paramref name="text"/>; returns it.</summary>
    public async Task<BufferLine> WaitForBufferLineAsync(string buffer, string text, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var lines = await BufferLinesAsync(buffer);
            if (lines.FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal)) is { } found) return found;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Buffer '{buffer}' showed no line containing \"{text}\" within {limit.TotalSeconds:0.#} s. It shows:\n  "
                    + string.Join("\n  ", lines.TakeLast(30).Select(l => $"{l.Kind}: {l.Text}")));
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for an event of type <typeparamref name="T"/> (at index <paramref name="from"/> or later) that <paramref name="match"/> accepts.</summary>
    public async Task<T> WaitForEventAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null, string? what = null, int from = 0)
        where T : RustIrcEvent
    {
        var limit = timeout ?? DefaultTimeout;
        var (found, e) = await _events.WaitForAsync(e => e is T typed && (match?.Invoke(typed) ?? true), from, limit);
        return found ? (T)e : throw new Xunit.Sdk.XunitException(
            $"No {typeof(T).Name} where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s. The last events:\n  "
            + string.Join("\n  ", Events.Where(e => e is not RawLineEvent).TakeLast(30)));
    }

    /// <summary>The recorded events of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> EventsOf<T>() where T : RustIrcEvent => Events.OfType<T>().ToArray();

    public async ValueTask DisposeAsync()
    {
        await Kernel.DisposeAsync();
        if (!_ownsDataDirectory) return;
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless.
        }
    }

    private Task OnLoopAsync(Action work) => Kernel.ClientLoop.InvokeAsync(work);

    private Task<T> OnLoopAsync<T>(Func<T> work) => Kernel.ClientLoop.InvokeAsync(work);

    private sealed class Output : ICommandOutput
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public void Write(string text, LineKind kind = LineKind.Info)
        {
            lock (_lines) _lines.Add($"{kind}: {text}");
        }
    }
}
