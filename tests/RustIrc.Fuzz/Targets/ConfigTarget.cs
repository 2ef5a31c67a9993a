using Microsoft.Extensions.Configuration;
using RustIrc.Host;
using RustIrc.Kernel.Loading;
using RustIrc.Modules.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// config.json as the client reads it at start: the host's reader, the check of a module's section against
/// the settings its manifest declares, and the irc module's reader of its section. Bad values must become
/// problems, never exceptions.
/// </summary>
internal sealed class ConfigTarget : FuzzTarget
{
    private static readonly string[] ModuleIds = ["irc", "ui", "logger", "lua", "python", "shell", "tui", "native"];

    // In memory when the system has a tmpfs: a file written per input on disk took three quarters of the time.
    private readonly string _directory = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"rustirc-fuzz-config-{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName
        : Directory.CreateTempSubdirectory("rustirc-fuzz-config-").FullName;
    private readonly DeclaredSettings _ircSettings;

    public ConfigTarget()
    {
        var irc = ManifestReader.Read(Path.Combine(Corpus.Root, "module-json"), null, _ => File.ReadAllBytes(Path.Combine(Corpus.Root, "module-json", "irc.json")));
        _ircSettings = irc.Settings ?? throw new InvalidOperationException("The irc module's manifest in the corpus declares no settings.");
    }

    public override string Name => "config-json";

    public override string CorpusFolder => "config-json";

    public override bool SeedsAreLines => false;

    public override void Run(byte[] input)
    {
        var path = Path.Combine(_directory, "config.json");
        File.WriteAllBytes(path, input);
        var problems = new List<string>();
        var settings = ClientSettings.Load(path, problems);
        var configuration = settings.Configuration;
        _ = DeclaredSettings.UnknownModules(configuration, ModuleIds);
        var section = configuration.GetSection("modules:irc");
        _ = _ircSettings.Check("irc", section);
        _ = IrcSettings.Read(section, problems);
    }

    public override void Dispose() => Directory.Delete(_directory, recursive: true);
}
