using RustIrc.Kernel.Loading;

namespace RustIrc.Fuzz.Targets;

/// <summary>module.json as the kernel reads it before any module code runs: a bad one must become a problem, never an exception.</summary>
internal sealed class ManifestTarget : FuzzTarget
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rustirc-fuzz-module-").FullName;

    public override string Name => "module-json";

    public override string CorpusFolder => "module-json";

    public override bool SeedsAreLines => false;

    public override void Run(byte[] input)
    {
        var candidate = ManifestReader.Read(_directory, null, _ => input);
        if (candidate.Manifest is null && candidate.Problem is null) throw new PropertyViolation("module.json: neither a manifest nor a problem");
        if (candidate.Settings is { } settings) _ = settings.Names.All(DeclaredSettings.IsValidName);
    }

    public override void Dispose() => Directory.Delete(_directory, recursive: true);
}
