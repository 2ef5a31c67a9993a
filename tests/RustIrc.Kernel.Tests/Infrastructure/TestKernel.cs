using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>How a <see cref="TestKernel"/> is set up; everything not given has a test-friendly default.</summary>
internal sealed record KernelSetup
{
    /// <summary>Fixture folders copied into the modules directory before the kernel starts.</summary>
    public IReadOnlyList<string> Fixtures { get; init; } = [];

    /// <summary>Modules to run; null runs every module found.</summary>
    public IReadOnlyList<string>? Composition { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool HotReload { get; init; }

    public int MaxUnloadCollections { get; init; } = 10;

    /// <summary>A folder to use for modules/ and data/ instead of a fresh one (so a second kernel sees the first's state).</summary>
    public TestDirectory? Directory { get; init; }

    /// <summary>The text of a config.json the kernel reads its settings from; none when null.</summary>
    public string? ConfigJson { get; init; }

    /// <summary>Made but not started, so the test can provide host services first and start it itself.</summary>
    public bool Deferred { get; init; }
}

/// <summary>
/// A started <see cref="RustIrcKernel"/> over a temporary modules directory and data directory, with
/// its log recorded. Disposing it stops the kernel and deletes the folders it created.
/// </summary>
internal sealed class TestKernel : IAsyncDisposable
{
    private readonly bool _ownsDirectory;
    private readonly ILoggerFactory _loggerFactory;

    private TestKernel(KernelSetup setup)
    {
        _ownsDirectory = setup.Directory is null;
        Directory = setup.Directory ?? new TestDirectory();
        ModulesDirectory = Directory.Create("modules");
        DataDirectory = Directory.Create("data");
        foreach (var fixture in setup.Fixtures) TestModules.CopyTo(fixture, ModulesDirectory);
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        var configuration = new ConfigurationBuilder();
        if (setup.ConfigJson is { } json)
        {
            var file = Path.Combine(Directory.Create("config"), "config.json");
            File.WriteAllText(file, json);
            configuration.AddJsonFile(file);
        }
        Kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [ModulesDirectory],
            DataDirectory = DataDirectory,
            Composition = setup.Composition,
            Grants = setup.Grants,
            HotReload = setup.HotReload,
            HotReloadDelay = TimeSpan.FromMilliseconds(150),
            MaxUnloadCollections = setup.MaxUnloadCollections,
            LoggerFactory = _loggerFactory,
            Configuration = configuration.Build(),
        });
    }

    public RustIrcKernel Kernel { get; }

    public TestDirectory Directory { get; }

    public string ModulesDirectory { get; }

    public string DataDirectory { get; }

    public RecordingLog Log { get; } = new();

    public static Task<TestKernel> StartAsync(params string[] fixtures) => StartAsync(new KernelSetup { Fixtures = fixtures });

    public static async Task<TestKernel> StartAsync(KernelSetup setup)
    {
        var kernel = new TestKernel(setup);
        if (!setup.Deferred) await kernel.Kernel.StartAsync();
        return kernel;
    }

    /// <summary>The status of module <paramref name="id"/>; for an id found twice, the copy that is not Superseded.</summary>
    public ModuleStatus Status(string id) =>
        Kernel.Manager.List().Where(m => m.Id == id).OrderBy(m => m.State == ModuleState.Superseded).First();

    /// <summary>Runs a command line and returns its outcome and what it replied.</summary>
    public async Task<(CommandOutcome Outcome, RecordingOutput Output)> RunAsync(string line)
    {
        var output = new RecordingOutput();
        var outcome = await Kernel.ExecuteAsync(line, output);
        return (outcome, output);
    }

    /// <summary>Runs <paramref name="work"/> on the client loop, where handlers expect to be called from.</summary>
    public Task<T> OnLoopAsync<T>(Func<T> work) => Kernel.Loop.InvokeAsync(() => Task.FromResult(work()));

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> and the kernel's log after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}. The kernel logged:\n" +
                    string.Join("\n", Log.Entries.Select(e => $"  {e.Level}: {e.Message}")));
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kernel.DisposeAsync();
        _loggerFactory.Dispose();
        if (_ownsDirectory) Directory.Dispose();
    }
}
