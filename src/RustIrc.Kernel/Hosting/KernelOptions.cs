using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustIrc.Kernel.Hosting;

/// <summary>How a kernel is set up: where modules are, which to run, what they may do.</summary>
public sealed class KernelOptions
{
    /// <summary>Folders holding module folders (or a module folder itself), searched in order.</summary>
    public required IReadOnlyList<string> ModuleDirectories { get; init; }

    /// <summary>Ids of the modules to run (their dependencies come along); null runs every module found.</summary>
    public IReadOnlyList<string>? Composition { get; init; }

    /// <summary>Folders whose modules are all loaded, in addition to the composition (the host's <c>--modules</c>).</summary>
    public IReadOnlyList<string> AutoloadDirectories { get; init; } = [];

    /// <summary>Permissions granted per module id (<c>name</c> or <c>name:scope</c>), from the composition and config.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Where module states, grants and module data are kept.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The whole configuration; each module sees its section <c>modules:&lt;id&gt;</c>.</summary>
    public IConfiguration Configuration { get; init; } = new ConfigurationBuilder().Build();

    /// <summary>Where the kernel and modules log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Watch loaded modules' folders and reload a module when its files change.</summary>
    public bool HotReload { get; init; }

    /// <summary>Quiet time after the last file change before a hot reload starts.</summary>
    public TimeSpan HotReloadDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Full collections to wait for an unloaded context before calling it leaked.</summary>
    public int MaxUnloadCollections { get; init; } = 10;

    /// <summary>How long a module may take to start or stop.</summary>
    public TimeSpan StartStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Handler failures within one minute after which an extension is marked Faulted and stopped.</summary>
    public int FaultThreshold { get; init; } = 5;
}
