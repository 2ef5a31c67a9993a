using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>How a <see cref="ScriptingClient"/> is set up; everything left out has a test-friendly default.</summary>
internal sealed record ScriptingSetup
{
    /// <summary>The id of the script engine module to run (also its command and its settings section).</summary>
    public string Engine { get; init; } = "lua";

    /// <summary>Run the irc module too (for the irc.* calls that need the IRC service).</summary>
    public bool WithIrc { get; init; }

    /// <summary>Folders of an earlier client to start from (its scripts, grants and disabled states); null makes fresh ones.</summary>
    public ScriptingFolders? Folders { get; init; }

    /// <summary>Settings added to (or replacing) the defaults, as configuration keys (<c>modules:lua:memoryMb</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A temporary folder holding the watched scripts folder, a folder of scripts loaded by path (outside the
/// watch, so writing one does not also trigger the automatic reload) and the kernel's data folder.
/// Deleted on dispose.
/// </summary>
internal sealed class ScriptingFolders : IDisposable
{
    public ScriptingFolders()
    {
        Root = Directory.CreateTempSubdirectory("rustirc-scripting-tests-").FullName;
        Scripts = Directory.CreateDirectory(Path.Combine(Root, "scripts")).FullName;
        Elsewhere = Directory.CreateDirectory(Path.Combine(Root, "elsewhere")).FullName;
        Data = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
    }

    public string Root { get; }

    /// <summary>The folder the engine autoloads and watches.</summary>
    public string Scripts { get; }

    /// <summary>A folder the engine does not watch, for scripts loaded with <c>/lua load PATH</c>.</summary>
    public string Elsewhere { get; }

    public string Data { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What a command line did: how it ended, and every line it answered with.</summary>
internal sealed record CommandResult(CommandOutcome Outcome, IReadOnlyList<(string Text, LineKind Kind)> Replies)
{
    public string Text => string.Join("\n", Replies.Select(r => $"{r.Kind}: {r.Text}"));

    public IEnumerable<string> Errors => Replies.Where(r => r.Kind == LineKind.Error).Select(r => r.Text);
}

/// <summary>
/// The client as a script author meets it: a real <see cref="RustIrcKernel"/> loading the built ui module and
/// a script engine module (lua unless told otherwise; irc too when asked) from
/// <c>artifacts/&lt;Configuration&gt;/modules/</c>, with a temporary scripts folder (setting
/// <c>modules:ENGINE:directory</c>) and data folder. Every line printed in any buffer is recorded.
/// </summary>
/// <remarks>
/// Every wait has a deadline. A script that hangs the client loop makes the call fail after
/// <see cref="Deadline"/> instead of hanging the test run; the client is then marked hung and abandoned
/// on dispose (its loop thread is a background thread and dies with the test process).
/// </remarks>
internal sealed class ScriptingClient : IAsyncDisposable
{
    /// <summary>How long any one call into the client may take before the client counts as hung.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>The limits tests run scripts under: low, so a runaway script is stopped fast.</summary>
    public const int MemoryMb = 8;
    public const int InstructionsPerCall = 5_000_000;
    public const int TimePerCallMs = 1000;

    private static readonly string Artifacts =
        typeof(ScriptingClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RustIrcArtifacts").Value!;

    private static readonly string ModulesDirectory = Path.Combine(Artifacts, "modules");

    /// <summary>The made-up language's engine (tests/TestModules/FakeScript), found beside the real modules.</summary>
    private static readonly string FakeEngineDirectory = Path.Combine(Artifacts, "testmodules", "FakeScript");

    private static string DirectoryOf(string id) => id == "fake" ? FakeEngineDirectory : Path.Combine(ModulesDirectory, id);

    private readonly bool _ownsFolders;
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<LinePrintedEvent> _printed = [];
    private readonly List<(LogLevel Level, string Message)> _log = [];

    private ScriptingClient(ScriptingSetup setup)
    {
        _ownsFolders = setup.Folders is null;
        Folders = setup.Folders ?? new ScriptingFolders();
        var engine = setup.Engine;
        var settings = new Dictionary<string, string?>
        {
            [$"modules:{engine}:directory"] = Folders.Scripts,
            [$"modules:{engine}:memoryMb"] = MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"modules:{engine}:instructionsPerCall"] = InstructionsPerCall.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"modules:{engine}:timePerCallMs"] = TimePerCallMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in setup.Settings) settings[key] = value;
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(new LogRecorder(this)));
        Kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [ModulesDirectory, FakeEngineDirectory],
            DataDirectory = Folders.Data,
            Composition = Composition(setup),
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                ["irc"] = [WellKnownPermissions.NetworkAccess, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.UiModification],
                [engine] = [WellKnownPermissions.UiModification, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead],
            },
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            LoggerFactory = _loggerFactory,
        });
    }

    public RustIrcKernel Kernel { get; }

    public ScriptingFolders Folders { get; }

    /// <summary>True once a call ran past <see cref="Deadline"/>: the client loop is stuck in a script.</summary>
    public bool IsHung { get; private set; }

    /// <summary>Every line printed in any buffer so far, in order.</summary>
    public IReadOnlyList<LinePrintedEvent> Printed
    {
        get { lock (_printed) return _printed.ToArray(); }
    }

    /// <summary>How many lines have been printed; pass it as <c>from</c> to look only at later ones.</summary>
    public int PrintedCount
    {
        get { lock (_printed) return _printed.Count; }
    }

    /// <summary>What the kernel and its modules logged.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Log
    {
        get { lock (_log) return _log.ToArray(); }
    }

    /// <summary>Starts a kernel with the ui and engine modules (and irc); fails when the engine did not start.</summary>
    public static async Task<ScriptingClient> StartAsync(ScriptingSetup? setup = null)
    {
        setup ??= new ScriptingSetup();
        foreach (var id in Composition(setup))
        {
            if (!File.Exists(Path.Combine(DirectoryOf(id), "module.json")))
            {
                throw new InvalidOperationException($"Module '{id}' is not built in {DirectoryOf(id)}; build tests/RustIrc.Modules.Scripting.Tests (it builds the modules first).");
            }
        }
        var client = new ScriptingClient(setup);
        await client.Kernel.ClientLoop.InvokeAsync(() =>
        {
            client.Kernel.Events.Observe(e =>
            {
                if (e is LinePrintedEvent line)
                {
                    lock (client._printed) client._printed.Add(line);
                }
            });
        });
        await client.Kernel.StartAsync().WaitAsync(Deadline);
        var engine = await client.OnLoopAsync(() => client.Kernel.Manager.List().Single(m => m.Id == setup.Engine));
        if (engine.State != ModuleState.Enabled)
        {
            await client.DisposeAsync();
            Assert.Fail($"The {setup.Engine} module did not start from {ModulesDirectory}: {engine.State} {engine.Reason}");
        }
        return client;
    }

    private static string[] Composition(ScriptingSetup setup) => setup.WithIrc ? ["ui", "irc", setup.Engine] : ["ui", setup.Engine];

    /// <summary>Writes (or overwrites) a script in the watched scripts folder; returns its path.</summary>
    public string WriteScript(string name, string source, string extension = ".lua") => Write(Folders.Scripts, name + extension, source);

    /// <summary>Writes (or overwrites) a script outside the watched folder; returns its path.</summary>
    public string WriteElsewhere(string name, string source, string extension = ".lua") => Write(Folders.Elsewhere, name + extension, source);

    /// <summary>Writes a script outside the watched folder and runs <c>/lua load PATH</c>; returns what the command answered.</summary>
    public Task<CommandResult> LoadAsync(string name, string source, string language = "lua", string extension = ".lua") =>
        RunAsync($"/{language} load {WriteElsewhere(name, source, extension)}");

    /// <summary>Runs a command line as the user would type it; fails the test when the client does not answer in time.</summary>
    public async Task<CommandResult> RunAsync(string line)
    {
        var output = new Output();
        var run = Kernel.ExecuteAsync(line, output);
        await Guard(run, $"running {Shorten(line)}");
        return new CommandResult(await run, output.Lines);
    }

    /// <summary>Runs <paramref name="work"/> on the client loop.</summary>
    public async Task<T> OnLoopAsync<T>(Func<T> work)
    {
        var task = Kernel.ClientLoop.InvokeAsync(work);
        await Guard(task, "running code on the client loop");
        return await task;
    }

    /// <summary>Publishes an event on the loop as the IRC module would; returns whether a handler ate it.</summary>
    public Task<EventResult> PublishAsync<TEvent>(TEvent e) where TEvent : RustIrcEvent => OnLoopAsync(() => Kernel.Events.Publish(e));

    /// <summary>Subscribes a .NET handler on the loop (in the kernel's name); disposing the result unsubscribes.</summary>
    public Task<IDisposable> SubscribeAsync<TEvent>(EventCallback<TEvent> handler, int priority = 0) where TEvent : RustIrcEvent =>
        OnLoopAsync(() => Kernel.Events.Subscribe(handler, priority));

    /// <summary>The lines printed at index <paramref name="from"/> or later, as text.</summary>
    public IReadOnlyList<string> PrintedSince(int from) => Printed.Skip(from).Select(l => l.Text).ToArray();

    /// <summary>Waits until a printed line (at index <paramref name="from"/> or later) contains <paramref name="text"/>; returns it.</summary>
    public async Task<LinePrintedEvent> WaitForLineAsync(string text, int from = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (Printed.Skip(from).FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal)) is { } found) return found;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No line containing \"{text}\" was printed within {limit.TotalSeconds:0.#} s. Printed since:\n  "
                    + string.Join("\n  ", Printed.Skip(from).TakeLast(30).Select(l => $"{l.Buffer} {l.Kind}: {l.Text}"))
                    + "\nLogged (warnings, and what scripts printed with no UI to print to):\n  "
                    + string.Join("\n  ", Log.Where(e => e.Level >= LogLevel.Warning || e.Message.Contains(": ", StringComparison.Ordinal)).TakeLast(15).Select(e => e.Message)));
            }
            await Task.Delay(25);
        }
    }

    /// <summary>The lines a UI buffer holds now (its scrollback), as a frontend would show them.</summary>
    public Task<IReadOnlyList<BufferLine>> BufferLinesAsync(string buffer) =>
        OnLoopAsync<IReadOnlyList<BufferLine>>(() => Kernel.Services.Get<IUiModel>().Lines(buffer, 10_000));

    /// <summary>How many printed lines (at index <paramref name="from"/> or later) are exactly <paramref name="text"/>.</summary>
    public int CountLines(string text, int from = 0) => Printed.Skip(from).Count(l => l.Text == text);

    /// <summary>The line <c>/lua list</c> shows for <paramref name="name"/>.</summary>
    public async Task<string> ListLineAsync(string name, string language = "lua")
    {
        var list = await RunAsync($"/{language} list");
        return list.Replies.Select(r => r.Text).FirstOrDefault(t => t.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"/{language} list shows no script {name}:\n{list.Text}");
    }

    /// <summary>Stops the kernel and deletes the folders it made, unless a script hung its loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!IsHung)
        {
            try
            {
                await Kernel.DisposeAsync().AsTask().WaitAsync(Deadline);
            }
            catch (TimeoutException)
            {
                IsHung = true;
            }
        }
        _loggerFactory.Dispose();
        if (_ownsFolders) Folders.Dispose();
    }

    private static string Write(string folder, string fileName, string source)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, source);
        return path;
    }

    private async Task Guard(Task task, string what)
    {
        if (IsHung) Assert.Fail($"The client loop is stuck in an earlier script; cannot {what}.");
        try
        {
            await task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            IsHung = true;
            Assert.Fail($"The client did not answer within {Deadline.TotalSeconds:0} s while {what}: a script hangs the client loop.");
        }
    }

    private static string Shorten(string line) => line.Length > 80 ? line[..80] + "…" : line;

    private sealed class Output : ICommandOutput
    {
        private readonly List<(string, LineKind)> _lines = [];

        public IReadOnlyList<(string Text, LineKind Kind)> Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public void Write(string text, LineKind kind = LineKind.Info)
        {
            lock (_lines) _lines.Add((text, kind));
        }
    }

    private sealed class LogRecorder(ScriptingClient client) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(client);

        public void Dispose()
        {
        }

        private sealed class Logger(ScriptingClient client) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (client._log) client._log.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
