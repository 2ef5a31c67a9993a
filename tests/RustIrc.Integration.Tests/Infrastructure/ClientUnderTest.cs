using Microsoft.Extensions.Configuration;
using System.Reflection;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;
using RustIrc.Sdk.Testing;
using RustIrc.Tests.Shared;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>What a command line did: how it ended and what it replied.</summary>
public sealed record CommandResult(CommandOutcome Outcome, IReadOnlyList<(string Text, LineKind Kind)> Replies)
{
    public string Text => string.Join("\n", Replies.Select(r => r.Text));
}

/// <summary>
/// The client as a user runs it: a real <see cref="RustIrcKernel"/> in this process with the built
/// <c>ui</c> and <c>irc</c> modules from <c>artifacts/&lt;Configuration&gt;/modules/</c>, the grants
/// the irc module needs, and every event it publishes recorded in order. Disposing it stops the kernel
/// (the irc module says QUIT) and deletes its data folder.
/// </summary>
public sealed class ClientUnderTest : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] IrcGrants =
    [
        WellKnownPermissions.NetworkAccess, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.IrcCredentials,
        WellKnownPermissions.UiModification,
    ];

    private readonly string _dataDirectory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly KernelLog _log = new();
    private readonly Recording<RustIrcEvent> _events = new();
    private bool _disposed;

    private ClientUnderTest(string? luaScripts, string? pythonScripts, string? nativePlugins, string? logs, IReadOnlyDictionary<string, string?>? settings)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "rustirc-integration-tests", "client-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dataDirectory);
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(_log));
        Kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [ModulesDirectory],
            DataDirectory = _dataDirectory,
            Composition = Composition(luaScripts, pythonScripts, nativePlugins, logs),
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                ["irc"] = IrcGrants,
                ["lua"] = ["ui_modification", "irc.send", "irc.read"],
                ["python"] = ["ui_modification", "irc.send", "irc.read"],
                ["plugin"] = ["ui_modification", "irc.send", "irc.read"],
                ["logger"] = ["ui_modification", "irc.read"],
            },
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["modules:lua:directory"] = luaScripts,
                ["modules:python:directory"] = pythonScripts,
                ["modules:plugin:directory"] = nativePlugins,
                ["modules:logger:path"] = logs,
                ["modules:logger:utc"] = "true",
            }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(),
            LoggerFactory = _loggerFactory,
        });
    }

    /// <summary>artifacts/&lt;Configuration&gt;/modules/, named by the test assembly's <c>RustIrcArtifacts</c> metadata.</summary>
    public static string ModulesDirectory { get; } = Path.Combine(
        typeof(ClientUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RustIrcArtifacts")?.Value
        ?? throw new InvalidOperationException("The test assembly has no RustIrcArtifacts metadata; see Directory.Build.targets."),
        "modules");

    public RustIrcKernel Kernel { get; }

    /// <summary>The kernel's data folder (each module keeps its data under modules/ID).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Every event published so far, in order.</summary>
    public IReadOnlyList<RustIrcEvent> Events
    {
        get => _events.Items;
    }

    /// <summary>How many events have been published; pass it as <c>from</c> to wait only for later ones.</summary>
    public int EventCount
    {
        get => _events.Count;
    }

    private static string[] Composition(string? luaScripts, string? pythonScripts, string? nativePlugins, string? logs) =>
    [
        "ui", "irc", .. luaScripts is null ? Array.Empty<string>() : ["lua"], .. pythonScripts is null ? Array.Empty<string>() : ["python"],
        .. nativePlugins is null ? Array.Empty<string>() : ["plugin"], .. logs is null ? Array.Empty<string>() : ["logger"],
    ];

    /// <summary>Starts a kernel with the ui and irc modules; fails when the irc module did not start.</summary>
    /// <param name="luaScripts">When given, the lua module runs too and autoloads the scripts of this folder.</param>
    /// <param name="pythonScripts">When given, the python module runs too and autoloads the scripts of this folder.</param>
    /// <param name="nativePlugins">When given, the plugin module runs too and autoloads the native plugins of this folder.</param>
    /// <param name="logs">When given, the logger module runs too and writes its logs in this folder, stamped in UTC.</param>
    /// <param name="settings">More configuration, as keys like <c>modules:irc:pingTimeout</c>.</param>
    public static async Task<ClientUnderTest> StartAsync(string? luaScripts = null, string? pythonScripts = null, string? nativePlugins = null, string? logs = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        foreach (var id in Composition(luaScripts, pythonScripts, nativePlugins, logs))
        {
            if (!File.Exists(Path.Combine(ModulesDirectory, id, "module.json")))
            {
                throw new InvalidOperationException(
                    $"Module '{id}' is not built in {ModulesDirectory}; build tests/RustIrc.Integration.Tests (it builds the modules first).");
            }
        }
        var client = new ClientUnderTest(luaScripts, pythonScripts, nativePlugins, logs, settings);
        await client.Kernel.ClientLoop.InvokeAsync(() =>
        {
            client.Kernel.Events.Observe(client.Record);
            return Task.CompletedTask;
        });
        await client.Kernel.StartAsync();
        var irc = client.Kernel.Manager.List().FirstOrDefault(m => m.Id == "irc");
        if (irc?.State != ModuleState.Enabled)
        {
            await client.DisposeAsync();
            Assert.Fail($"The irc module did not start: {irc?.State} {irc?.Reason}\n{client.Diagnostics()}");
        }
        return client;
    }

    /// <summary>
    /// Runs a command line as the user would type it, in <paramref name="buffer"/> (made current
    /// first) or in whatever buffer is current.
    /// </summary>
    public async Task<CommandResult> ExecuteAsync(string line, string? buffer = null)
    {
        if (buffer is not null) await OnLoopAsync(() => Ui().SwitchTo(buffer));
        var output = new RecordingOutput();
        var outcome = await Kernel.ExecuteAsync(line, output);
        return new CommandResult(outcome, output.Lines);
    }

    /// <summary>Runs a command line that must run without an error reply; returns what it replied.</summary>
    public async Task<CommandResult> RunAsync(string line, string? buffer = null)
    {
        var result = await ExecuteAsync(line, buffer);
        if (result.Outcome != CommandOutcome.Ran || result.Replies.Any(r => r.Kind == LineKind.Error))
        {
            Assert.Fail($"'{line}' ended {result.Outcome} and replied:\n  {string.Join("\n  ", result.Replies.Select(r => $"{r.Kind}: {r.Text}"))}\n{Diagnostics()}");
        }
        return result;
    }

    /// <summary>Types <paramref name="text"/> (not a command) into <paramref name="buffer"/>, as a frontend passes it on.</summary>
    public Task TypeAsync(string buffer, string text) => OnLoopAsync(() =>
    {
        Ui().SwitchTo(buffer);
        Kernel.Events.Publish(new InputEvent { Buffer = buffer, Text = text });
    });

    /// <summary>Calls the IRC service on the client loop, as the kernel (which holds every permission).</summary>
    public Task<T> IrcAsync<T>(Func<IIrcService, T> call) => OnLoopAsync(() => call(Kernel.Services.Get<IIrcService>()));

    /// <summary>Calls the IRC service on the client loop, as the kernel.</summary>
    public Task IrcAsync(Action<IIrcService> call) => OnLoopAsync(() => call(Kernel.Services.Get<IIrcService>()));

    /// <summary>The text of the lines in a UI buffer (empty when the buffer does not exist).</summary>
    public Task<IReadOnlyList<string>> BufferLinesAsync(string buffer) =>
        OnLoopAsync<IReadOnlyList<string>>(() => Ui().Lines(buffer, 1000).Select(l => l.Text).ToArray());

    /// <summary>The names of the UI buffers.</summary>
    public Task<IReadOnlyList<string>> BufferNamesAsync() =>
        OnLoopAsync<IReadOnlyList<string>>(() => Ui().Buffers().Select(b => b.Name).ToArray());

    /// <summary>
    /// Types <c>/connect --name NAME --nick NICK 127.0.0.1:PORT</c> and waits until registered.
    /// </summary>
    /// <returns>The network's name.</returns>
    public async Task<string> ConnectAsync(IIrcTestServer server, string nick, string name = "test")
    {
        var from = EventCount;
        await RunAsync($"/connect --name {name} --nick {nick} 127.0.0.1:{server.Port}");
        await WaitForEventAsync<ConnectedEvent>(e => e.Network == name, what: $"network {name} was registered", from: from);
        return name;
    }

    /// <summary>Types <c>/join CHANNEL</c> in the network's buffer and waits until we are in it.</summary>
    public async Task JoinAsync(string network, string channel)
    {
        var from = EventCount;
        await RunAsync($"/join {channel}", buffer: network);
        var nick = await OwnNickAsync(network);
        await WaitForEventAsync<JoinEvent>(e => e.Network == network && IrcPeer.SameName(e.Channel, channel) && IrcPeer.SameName(e.Nick ?? "", nick),
            what: $"we joined {channel}", from: from);
    }

    /// <summary>Our nick on <paramref name="network"/>, as the IRC service reports it.</summary>
    public Task<string> OwnNickAsync(string network) =>
        IrcAsync(irc => irc.FindNetwork(network)?.Nick ?? throw new InvalidOperationException($"The IRC service does not know network {network}."));

    /// <summary>
    /// Waits for an event of type <typeparamref name="T"/> (published at index <paramref name="from"/>
    /// or later) that <paramref name="match"/> accepts; fails with the recent events and log on timeout.
    /// </summary>
    public async Task<T> WaitForEventAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null, string? what = null, int from = 0)
        where T : RustIrcEvent
    {
        var limit = timeout ?? DefaultTimeout;
        var (found, e) = await _events.WaitForAsync(e => e is T t && (match?.Invoke(t) ?? true), from, limit);
        if (!found)
        {
            Assert.Fail($"The client published no {typeof(T).Name} where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s.\n{Diagnostics()}");
        }
        return (T)e;
    }

    /// <summary>
    /// Reads <paramref name="read"/> from the IRC service every 50 ms until <paramref name="ok"/> accepts
    /// it, and returns it; fails with the last value read on timeout. For snapshots (members, topic)
    /// that the module updates a moment after the event that announced the change.
    /// </summary>
    public async Task<T> WaitForStateAsync<T>(Func<IIrcService, T> read, Func<T, bool> ok, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await IrcAsync(read);
            if (ok(value)) return value;
            if (DateTime.UtcNow > deadline)
            {
                var shown = value is System.Collections.IEnumerable items and not string
                    ? "[" + string.Join(", ", items.Cast<object>()) + "]"
                    : value?.ToString();
                Assert.Fail($"The IRC service did not report that {what} within {limit.TotalSeconds:0.#} s; it last reported {shown}.\n{Diagnostics()}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Recent events (raw lines included) and log entries, for failure messages.</summary>
    public string Diagnostics()
    {
        // Numerics are left out: the raw line beside each says the same.
        var events = Events.Where(e => e is not NumericEvent).ToArray();
        var log = _log.Entries;
        return $"The last {Math.Min(events.Length, 50)} events (raw lines as << in, >> out; numerics shown only raw):\n  " +
               string.Join("\n  ", events.TakeLast(50).Select(Describe)) +
               $"\nThe last {Math.Min(log.Count, 20)} log entries:\n  " + string.Join("\n  ", log.TakeLast(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Kernel.DisposeAsync();
        _loggerFactory.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in /tmp is harmless.
        }
    }

    private static string Describe(RustIrcEvent e) =>
        e is RawLineEvent raw ? $"{(raw.Outgoing ? ">>" : "<<")} [{raw.Network}] {raw.Line}" : e.ToString();

    private IUiModel Ui() => Kernel.Services.Get<IUiModel>();

    private Task OnLoopAsync(Action work) => Kernel.ClientLoop.InvokeAsync(work);

    private Task<T> OnLoopAsync<T>(Func<T> work) => Kernel.ClientLoop.InvokeAsync(work);

    private void Record(RustIrcEvent e) => _events.Add(e);
}
