namespace RustIrc.Sdk;

/// <summary>
/// Who an extension is: a kind (<c>module</c>, <c>lua</c>, <c>python</c>, <c>native</c>, <c>kernel</c>)
/// and a name unique within that kind. Every registration and every permission check is made in the
/// name of one of these.
/// </summary>
public readonly record struct ExtensionId(string Kind, string Name)
{
    /// <summary>The kernel itself; it holds every permission.</summary>
    public static ExtensionId Kernel { get; } = new("kernel", "kernel");

    /// <summary>The identity of the module with manifest id <paramref name="moduleId"/>.</summary>
    public static ExtensionId Module(string moduleId) => new("module", moduleId);

    /// <summary>Renders as <c>kind:name</c>, e.g. <c>module:shell</c> or <c>lua:autogreet</c>.</summary>
    public override string ToString() => $"{Kind}:{Name}";
}
