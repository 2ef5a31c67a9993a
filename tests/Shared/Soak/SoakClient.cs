using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;

namespace RustIrc.Tests.Shared.Soak;

/// <summary>
/// A real kernel with the ui, irc and lua modules and the three soak scripts, connected to a
/// <see cref="LoopbackIrcServer"/> that sends <see cref="MixedTraffic"/>. Everything that looks like a
/// problem is kept in <see cref="Problems"/>: an error line printed in any buffer, a warning or error in
/// the log, a module that did not come back, a script that is not running, a context that leaked.
/// </summary>
internal sealed class SoakClient : IAsyncDisposable
{
    public const string Nick = "soaker";
    public const string Network = "soak";

    /// <summary>The scripts the soak reloads; soak_count.lua is never reloaded, so it counts everything.</summary>
    public static readonly string[] ReloadedScripts = ["soak_greet", "soak_stats"];

    /// <summary>The module the soak reloads: it has a collectible context and no dependent in this composition.</summary>
    public const string ReloadedModule = "ui";

    private static readonly string[] Composition = ["ui", "irc", "lua"];
    private static readonly string[] ScriptFiles = ["soak_count.lua", "soak_greet.lua", "soak_stats.lua"];
    private readonly string _home;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentQueue<string> _problems = new();
    private IDisposable? _errorLines;
    private long _problemCount;
    private int _syncs;

    private SoakClient(string home, RustIrcKernel kernel, ILoggerFactory loggerFactory, LoopbackIrcServer server)
    {
        _home = home;
        Kernel = kernel;
        _loggerFactory = loggerFactory;
        Server = server;
    }

    public RustIrcKernel Kernel { get; }

    public LoopbackIrcServer Server { get; }

    public MixedTraffic Traffic { get; } = new(Nick);

    /// <summary>How many problems were seen; <see cref="Problems"/> keeps the first 50.</summary>
    public long ProblemCount => Interlocked.Read(ref _problemCount);

    public IReadOnlyList<string> Problems => _problems.ToArray();

    public int ModuleReloads { get; private set; }

    public int ScriptReloads { get; private set; }

    /// <summary>How many module unloads needed how many full collections before their context was gone.</summary>
    public SortedDictionary<int, int> CollectionAttempts { get; } = [];

    /// <summary>The kernel's time for each module unload (stop, revoke, unload, collect), in ms.</summary>
    public List<double> UnloadTimes { get; } = [];

    /// <summary>Module unloads whose load context was not collected.</summary>
    public int Leaks { get; private set; }

    /// <summary>
    /// Starts the client with modules from <paramref name="modulesDirectory"/> and the scripts found beside
    /// this assembly (soak-scripts/), connects it, and sends the setup lines (our JOINs, the members').
    /// </summary>
    /// <param name="modulesDirectory">Where the built modules are.</param>
    /// <param name="scrollback">The ui module's lines per buffer; null: its default.</param>
    public static async Task<SoakClient> StartAsync(string modulesDirectory, int? scrollback = null)
    {
        var home = Directory.CreateTempSubdirectory("rustirc-soak-").FullName;
        var scripts = Directory.CreateDirectory(Path.Combine(home, "scripts")).FullName;
        foreach (var file in ScriptFiles) File.Copy(Path.Combine(AppContext.BaseDirectory, "soak-scripts", file), Path.Combine(scripts, file));
        SoakClient? client = null;
        var log = new ProblemLog(text => client?.Problem(text));
        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(log));
        var kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [modulesDirectory],
            Composition = Composition,
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                ["irc"] = ["ui_modification", "irc.read", "irc.send", "network_access"],
                ["lua"] = ["ui_modification", "irc.read", "irc.send"],
            },
            DataDirectory = Path.Combine(home, "data"),
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["modules:lua:directory"] = scripts,
                ["modules:ui:scrollback"] = scrollback?.ToString(CultureInfo.InvariantCulture),
            }).Build(),
            LoggerFactory = loggerFactory,
            HotReload = false,
        });
        client = new SoakClient(home, kernel, loggerFactory, new LoopbackIrcServer());
        try
        {
            await client.StartAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        await Kernel.ClientLoop.InvokeAsync(() =>
        {
            _errorLines = Kernel.Events.Subscribe<LinePrintedEvent>(e =>
            {
                if (e.Kind == LineKind.Error) Problem($"[{e.Buffer}] {e.Text}");
                return EventResult.Continue;
            });
        });
        await Kernel.StartAsync();
        foreach (var module in Kernel.Manager.List().Where(m => Composition.Contains(m.Id)))
        {
            if (module.State != ModuleState.Enabled) throw new InvalidOperationException($"module {module.Id} did not start: {module.State} ({module.Reason})");
        }
        // Scripts load on the loop once the kernel has started; each adds a command when it runs.
        await WaitAsync(async () => (await TryRunAsync("/soakcount")).Outcome == CommandOutcome.Ran && (await TryRunAsync("/soakstats")).Outcome == CommandOutcome.Ran
            && (await TryRunAsync("/soakgreet")).Outcome == CommandOutcome.Ran, "the three soak scripts to run");
        await Kernel.ClientLoop.InvokeAsync(() =>
        {
            Kernel.Services.Get<IIrcService>().Connect(new IrcNetworkOptions
            {
                Name = Network, Host = "127.0.0.1", Port = Server.Port, Nick = Nick, Reconnect = false,
            });
        });
        await Server.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        Server.Send(Traffic.Setup());
        await SyncAsync();
    }

    /// <summary>Waits until the client has handled every line sent so far.</summary>
    public Task SyncAsync() => Server.SyncAsync($"soak-{Interlocked.Increment(ref _syncs)}", TimeSpan.FromSeconds(120));

    /// <summary>What soak_count.lua counted, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync() => Parse(await RunAsync("/soakcount"));

    /// <summary>What soak_stats.lua counted over its reloads (channel and private messages).</summary>
    public async Task<long> StatsTotalAsync() => Parse(await RunAsync("/soakstats"))["total"];

    /// <summary>Unloads the reloaded module, checks its context was collected, and loads it again.</summary>
    public async Task ReloadModuleAsync()
    {
        foreach (var report in await Kernel.Manager.UnloadAsync(ReloadedModule))
        {
            CollectionAttempts[report.Collections] = CollectionAttempts.GetValueOrDefault(report.Collections) + 1;
            UnloadTimes.Add(report.Elapsed.TotalMilliseconds);
            if (report.Collected) continue;
            Leaks++;
            Problem(report.ToString());
        }
        var status = await Kernel.Manager.LoadAsync(ReloadedModule);
        if (status.State != ModuleState.Enabled) Problem($"module {ReloadedModule} is {status.State} after loading: {status.Reason}");
        ModuleReloads++;
    }

    /// <summary>Reloads one of the scripts with <c>/lua reload</c>, as a user would.</summary>
    public async Task ReloadScriptAsync(string name)
    {
        var reply = await RunAsync($"/lua reload {name}");
        if (reply != $"reloaded {name}") Problem($"/lua reload {name} replied '{reply}'");
        ScriptReloads++;
    }

    /// <summary>Checks that the modules are Enabled and the three scripts running, as /lua list says.</summary>
    public async Task CheckHealthAsync()
    {
        foreach (var module in Kernel.Manager.List().Where(m => Composition.Contains(m.Id) && m.State != ModuleState.Enabled)) Problem($"module {module.Id} is {module.State}: {module.Reason}");
        var list = await RunAsync("/lua list");
        foreach (var file in ScriptFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!list.Split('\n').Any(l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains(": running", StringComparison.Ordinal))) Problem($"script {name} is not running: {list}");
        }
        foreach (var leaked in Kernel.LeakedModules) Problem($"module {leaked}'s load context is still alive");
    }

    public async ValueTask DisposeAsync()
    {
        if (_errorLines is { } errorLines) await Kernel.ClientLoop.InvokeAsync(() => errorLines.Dispose());
        await Kernel.DisposeAsync();
        Server.Dispose();
        _loggerFactory.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in /tmp is harmless.
        }
    }

    private void Problem(string text)
    {
        if (Interlocked.Increment(ref _problemCount) <= 50) _problems.Enqueue(text);
    }

    private async Task<string> RunAsync(string line)
    {
        var (outcome, replies) = await TryRunAsync(line);
        var text = string.Join("\n", replies.Select(r => r.Text));
        if (outcome != CommandOutcome.Ran || replies.Any(r => r.Kind == LineKind.Error)) Problem($"{line} ended {outcome}: {text}");
        return text;
    }

    private async Task<(CommandOutcome Outcome, IReadOnlyList<(string Text, LineKind Kind)> Replies)> TryRunAsync(string line)
    {
        var output = new RecordingOutput();
        var outcome = await Kernel.ExecuteAsync(line, output);
        return (outcome, output.Lines);
    }

    private static Dictionary<string, long> Parse(string reply) => reply.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('='))
        .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 30 s for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Reports every warning or error the kernel and its modules log.</summary>
    private sealed class ProblemLog(Action<string> report) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(report, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Action<string> report, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) report($"log {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }
    }
}
