using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.Sdk.Testing;

/// <summary>
/// A real client kernel, in the test's process, with the ui and irc modules, the plugins (or scripts)
/// under test, and an in-memory IRC server it is connected to: no network, no real server. The test
/// pushes server lines through <see cref="Server"/>, runs commands, and asserts on what the plugin sent
/// (<see cref="MemoryIrcServer.Received"/>), printed (<see cref="Printed"/>), registered
/// (<see cref="Commands"/>) or was refused (<see cref="Denials"/>).
/// </summary>
/// <remarks>
/// Plugins load as in the client, each into its own collectible load context, so the plugin's types
/// in the test's own context are a second copy: talk to the plugin through IRC lines and commands.
/// Disposing the host stops the client; a plugin that kept its load context alive fails the test then.
/// </remarks>
public sealed class PluginTestHost : IAsyncDisposable
{
    /// <summary>How long waits last unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The name of the in-memory network in the client: buffers are <c>test</c> and <c>test/#channel</c>.</summary>
    public const string Network = "test";

    private static readonly Dictionary<string, string> EngineOfExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".lua"] = "lua",
        [".py"] = "python",
    };

    private readonly PluginTestOptions _options;
    private readonly LogRecorder _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Recording<PrintedLine> _printed = new();
    private readonly bool _ownsDataDirectory;
    private readonly string _dataDirectory;
    private int _errorsSeen;
    private bool _disposed;

    private PluginTestHost(PluginTestOptions options, RustIrcKernel kernel, LogRecorder log, ILoggerFactory loggerFactory, IReadOnlyList<string> pluginIds, string dataDirectory, bool ownsDataDirectory, MemoryIrcServer server)
    {
        _options = options;
        _log = log;
        Kernel = kernel;
        _loggerFactory = loggerFactory;
        PluginIds = pluginIds;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Server = server;
    }

    /// <summary>The in-memory IRC server the client is connected to.</summary>
    public MemoryIrcServer Server { get; }

    /// <summary>The ids of the plugins under test.</summary>
    public IReadOnlyList<string> PluginIds { get; }

    /// <summary>The client's data directory (each module's data is under <c>modules/&lt;id&gt;</c>).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Every line the client showed, in every buffer, in order.</summary>
    public IReadOnlyList<PrintedLine> Printed => _printed.Items;

    /// <summary>How many lines were shown so far; pass it as <c>from</c> to wait only for later ones.</summary>
    public int PrintedCount => _printed.Count;

    /// <summary>Every permission refusal at the service boundary, as the user would read it.</summary>
    public IReadOnlyList<string> Denials => _log.Entries.Items
        .Where(e => e.Level == LogLevel.Warning && e.Text.StartsWith("Denied ", StringComparison.Ordinal) && e.Text.Contains(": ", StringComparison.Ordinal))
        .Select(e => e.Text[(e.Text.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToArray(); // the log names the member first, for developers

    /// <summary>
    /// Every error so far: lines shown as errors (a script's error, a module that faulted) and exceptions
    /// thrown by handlers, with their stack traces.
    /// </summary>
    public IReadOnlyList<string> Errors => _printed.Items.Where(l => l.Kind == LineKind.Error).Select(l => $"[{l.Buffer}] {l.Text}")
        .Concat(_log.Entries.Items.Where(e => e.Level >= LogLevel.Error).Select(e => e.Exception is null ? e.Text : $"{e.Text}\n{e.Exception}"))
        .ToArray();

    /// <summary>The commands registered now, with their owners.</summary>
    public IReadOnlyList<CommandDescriptor> Commands => Kernel.Commands.List();

    internal RustIrcKernel Kernel { get; }

    /// <summary>
    /// Starts the client with the plugins and scripts of <paramref name="options"/>, connects it to the
    /// in-memory server (unless told not to) and waits for registration.
    /// </summary>
    /// <exception cref="PluginTestException">A plugin or script did not start; the message says why.</exception>
    public static async Task<PluginTestHost> StartAsync(PluginTestOptions? options = null)
    {
        options ??= new PluginTestOptions();
        var clientModules = BundledModules.Find(options.ClientModulesDirectory);
        var pluginFolders = options.PluginFolders.Count > 0 ? options.PluginFolders.Select(Path.GetFullPath).ToArray()
            : options.Scripts.Count > 0 || !File.Exists(Path.Combine(AppContext.BaseDirectory, "module.json")) ? []
            : [AppContext.BaseDirectory];
        var plugins = pluginFolders.Select(BundledModules.ReadManifest).ToArray();
        var engines = options.Scripts.Select(EngineOf).Distinct().ToArray();

        var grants = GrantsFor(options, plugins);
        var settings = SettingsFor(options);

        var ownsData = options.DataDirectory is null;
        var data = options.DataDirectory ?? Directory.CreateTempSubdirectory("rustirc-plugin-test-").FullName;
        var log = new LogRecorder();
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        var kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [clientModules, .. pluginFolders],
            Composition = ["ui", "irc", .. engines, .. plugins.Select(p => p.Id)],
            Grants = grants,
            DataDirectory = data,
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            LoggerFactory = loggerFactory,
        });
        var server = new MemoryIrcServer(options.Capabilities);
        var host = new PluginTestHost(options, kernel, log, loggerFactory, plugins.Select(p => p.Id).ToArray(), data, ownsData, server);
        try
        {
            kernel.ProvideHostService<IIrcTransport>(server);
            if (options.Web is { } web) kernel.ProvideHostService(web);
            await kernel.ClientLoop.InvokeAsync(() =>
            {
                kernel.Events.Subscribe<LinePrintedEvent>(e =>
                {
                    host._printed.Add(new PrintedLine(e.Buffer, e.Text, e.Kind, e.Time));
                    return EventResult.Continue;
                }, priority: int.MinValue);
                return Task.CompletedTask;
            });
            await kernel.StartAsync();
            await host.CheckStartedAsync(["ui", "irc", .. engines, .. host.PluginIds]);
            if (options.Connect) await host.ConnectAsync();
            host.ThrowIfErrors();
            return host;
        }
        catch
        {
            await host.DisposeCoreAsync(checkLeaks: false);
            throw;
        }
    }

    /// <summary>Connects the client to the in-memory server as <see cref="PluginTestOptions.Nick"/> and waits for registration.</summary>
    public async Task ConnectAsync()
    {
        var options = new IrcNetworkOptions
        {
            Name = Network,
            Host = MemoryIrcServer.ServerName,
            Nick = _options.Nick,
            Reconnect = false,
            FloodRate = 0,
        };
        var registered = Server.Registered;
        var from = PrintedCount;
        await OnLoopAsync(() => Kernel.Services.Get<IIrcService>().Connect(options));
        // A connection that fails says so in the network's buffer: no need to wait out the timeout then.
        var failed = _printed.WaitForAsync(l => l.Buffer == Network && l.Kind == LineKind.Error, from, DefaultTimeout);
        if (await Task.WhenAny(registered, failed) != registered || !registered.IsCompleted)
        {
            throw new PluginTestException($"The client did not register with the in-memory server. It sent:\n  "
                + string.Join("\n  ", Server.Received) + "\nIt showed:\n  " + string.Join("\n  ", Printed.TakeLast(20)));
        }
        await Server.SyncAsync();
    }

    /// <summary>The name of the buffer of <paramref name="target"/> (a channel or a nick) on the test network.</summary>
    public static string BufferOf(string target) => BufferNames.Target(Network, target);

    /// <summary>
    /// Runs a command line (<c>/seen alice</c>) as if typed in <paramref name="buffer"/> (for example
    /// <c>BufferOf("#chan")</c>); returns its outcome and replies once it has finished.
    /// </summary>
    public async Task<CommandResult> RunAsync(string line, string? buffer = null)
    {
        if (buffer is not null) await OnLoopAsync(() => Kernel.Services.Get<IUiModel>().SwitchTo(buffer));
        var output = new Output();
        var outcome = await Kernel.ExecuteAsync(line, output);
        ThrowIfErrors();
        return new CommandResult(outcome, output.Lines);
    }

    /// <summary>
    /// Waits until the client has handled every line the server sent so far, and the work that posted to
    /// the loop before it; then fails if anything threw.
    /// </summary>
    public async Task SyncAsync()
    {
        await Server.SyncAsync();
        await OnLoopAsync(() => { });
        ThrowIfErrors();
    }

    /// <summary>Waits for a shown line that <paramref name="match"/> accepts, at index <paramref name="from"/> of <see cref="Printed"/> or later.</summary>
    /// <exception cref="TimeoutException">None came in time; the message lists the last lines shown.</exception>
    public async Task<PrintedLine> WaitForPrintAsync(Func<PrintedLine, bool> match, int from = 0, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var (found, line) = await _printed.WaitForAsync(match, from, limit);
        ThrowIfErrors();
        if (found) return line;
        throw new TimeoutException($"The client showed no line where {what ?? "the condition held"} within {limit.TotalSeconds:0.#} s. It showed:\n  "
            + string.Join("\n  ", Printed.Skip(from).TakeLast(30)));
    }

    /// <summary>Waits for a shown line containing <paramref name="text"/> (ordinal), in <paramref name="buffer"/> when given.</summary>
    public Task<PrintedLine> WaitForTextAsync(string text, string? buffer = null, int from = 0, TimeSpan? timeout = null) =>
        WaitForPrintAsync(l => l.Text.Contains(text, StringComparison.Ordinal) && (buffer is null || l.Buffer == buffer), from, timeout,
            buffer is null ? $"the text contains \"{text}\"" : $"[{buffer}] contains \"{text}\"");

    /// <summary>Returns the errors not yet reported and marks them seen, for a test that provoked them on purpose.</summary>
    public IReadOnlyList<string> TakeErrors()
    {
        var errors = Errors;
        var fresh = errors.Skip(_errorsSeen).ToArray();
        _errorsSeen = errors.Count;
        return fresh;
    }

    /// <summary>The status of module <paramref name="id"/> (a plugin, or one of the client's own).</summary>
    public Task<ModuleStatus> ModuleAsync(string id) => OnLoopAsync(() => Kernel.Manager.List().First(m => m.Id == id && m.State != ModuleState.Superseded));

    /// <summary>Unloads module <paramref name="id"/> and reports whether its load context was collected.</summary>
    public async Task<UnloadReport> UnloadAsync(string id) => (await Kernel.Manager.UnloadAsync(id)).Last();

    /// <summary>Reloads module <paramref name="id"/> (the state it keeps across a reload comes along).</summary>
    public Task<ModuleStatus> ReloadAsync(string id) => Kernel.Manager.ReloadAsync(id);

    /// <summary>Stops the client, checks that no plugin's load context was kept alive, and deletes the temporary data.</summary>
    /// <exception cref="PluginTestException">A plugin was still alive after unloading, or an error was not yet reported.</exception>
    public ValueTask DisposeAsync() => DisposeCoreAsync(checkLeaks: true);

    private async ValueTask DisposeCoreAsync(bool checkLeaks)
    {
        if (_disposed) return;
        _disposed = true;
        string? problem = null;
        try
        {
            await Kernel.StopAsync();
            var leaked = Kernel.LeakedModules.Intersect(PluginIds).ToArray();
            if (checkLeaks && leaked.Length > 0)
            {
                problem = $"Plugin {string.Join(", ", leaked)} was still in memory after it unloaded: something outside it (a static field, an event of a shared type, a thread or timer) still references its code.";
            }
            if (checkLeaks && problem is null) ThrowIfErrors();
        }
        finally
        {
            await Kernel.DisposeAsync();
            Server.Disconnect();
            _loggerFactory.Dispose();
            if (_ownsDataDirectory) TryDelete(_dataDirectory);
        }
        if (problem is not null) throw new PluginTestException(problem);
    }

    private async Task CheckStartedAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var status = await OnLoopAsync(() => Kernel.Manager.List().FirstOrDefault(m => m.Id == id && m.State != ModuleState.Superseded));
            if (status is null) throw new PluginTestException($"Module {id} was not found in {string.Join(", ", _options.PluginFolders)}.");
            if (status.State != ModuleState.Enabled) throw new PluginTestException($"Module {id} did not start: it is {status.State}: {status.Reason}");
        }
    }

    /// <summary>What each module holds: the client's modules what the default composition gives them, a plugin what it asks for, minus what the test withholds.</summary>
    private static Dictionary<string, IReadOnlyList<string>> GrantsFor(PluginTestOptions options, IReadOnlyList<(string Id, IReadOnlyList<string> Permissions)> plugins)
    {
        var grants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["ui"] = [WellKnownPermissions.UiModification],
            ["irc"] = [WellKnownPermissions.NetworkAccess, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.UiModification],
            ["lua"] = [WellKnownPermissions.UiModification, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead],
            ["python"] = [WellKnownPermissions.UiModification, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead],
        };
        foreach (var (id, requested) in plugins) grants[id] = requested;
        foreach (var (id, granted) in options.Grants) grants[id] = granted;
        foreach (var (id, _) in plugins)
        {
            grants[id] = grants[id].Where(g => !options.Withhold.Contains(g.Split(':', 2)[0], StringComparer.Ordinal)).ToArray();
        }
        return grants;
    }

    /// <summary>The test's settings, and each script in its engine's <c>scripts</c> list.</summary>
    private static Dictionary<string, string?> SettingsFor(PluginTestOptions options)
    {
        var settings = new Dictionary<string, string?>(options.Settings);
        for (var i = 0; i < options.Scripts.Count; i++)
        {
            var engine = EngineOf(options.Scripts[i]);
            var index = options.Scripts.Take(i).Count(s => EngineOf(s) == engine);
            settings[$"modules:{engine}:scripts:{index}"] = Path.GetFullPath(options.Scripts[i]);
        }
        return settings;
    }

    private void ThrowIfErrors()
    {
        if (!_options.FailOnErrors) return;
        var fresh = TakeErrors();
        if (fresh.Count > 0) throw new PluginTestException("The plugin under test failed:\n" + string.Join("\n", fresh));
    }

    private static string EngineOf(string script) =>
        EngineOfExtension.TryGetValue(Path.GetExtension(script), out var engine) ? engine
            : throw new PluginTestException($"{script}: no script engine runs {Path.GetExtension(script)} files (known: .lua, .py).");

    private Task OnLoopAsync(Action work) => Kernel.ClientLoop.InvokeAsync(work);

    private Task<T> OnLoopAsync<T>(Func<T> work) => Kernel.ClientLoop.InvokeAsync(work);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A folder left in the temp directory is harmless.
        }
    }

    private sealed class Output : ICommandOutput
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public void Write(string text, LineKind kind = LineKind.Info)
        {
            lock (_lines) _lines.Add(text);
        }
    }
}
