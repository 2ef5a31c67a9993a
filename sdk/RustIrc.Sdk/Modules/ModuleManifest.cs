namespace RustIrc.Sdk.Modules;

/// <summary>
/// What a module says about itself in <c>module.json</c>, read before any of its code runs.
/// </summary>
public sealed record ModuleManifest
{
    /// <summary>Short unique id, lower-case letters, digits, <c>-</c> and <c>.</c> (e.g. <c>shell</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Semantic version of the module.</summary>
    public required string Version { get; init; }

    /// <summary>The <see cref="SdkInfo.Version"/> it was built against.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>File name of the entry assembly in the module folder.</summary>
    public required string Assembly { get; init; }

    /// <summary>One line for <c>/module list</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>Ids of modules that must be running before this one starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Permissions it asks for (<c>name</c> or <c>name:scope</c>); the user grants them.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>
    /// The file extensions of the scripts it runs, with the dot (<c>[".lua"]</c>): a script engine says so
    /// here, so the client knows which module runs a file before any module code runs.
    /// </summary>
    public IReadOnlyList<string> ScriptExtensions { get; init; } = [];

    /// <summary>
    /// The folder (beside config.json) its scripts are autoloaded from: <c>scripts</c> unless it says
    /// (the native plugin loader says <c>plugins</c>). Since SDK 1.5.
    /// </summary>
    public string ScriptFolder { get; init; } = "scripts";
}
