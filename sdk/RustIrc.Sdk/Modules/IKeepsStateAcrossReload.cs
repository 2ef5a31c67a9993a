namespace RustIrc.Sdk.Modules;

/// <summary>
/// A module that keeps some state when it is reloaded (a hot reload after a rebuild, or
/// <c>/module reload</c>), or unloaded by the user and loaded again later in the same run. The kernel
/// asks the old instance for its state just before stopping it, and hands that to the new instance right
/// after its <see cref="IModule.StartAsync"/> has finished, on the same loop turn, so no event comes in
/// between.
/// </summary>
/// <remarks>
/// The state is text (JSON, for example) so that no object of the old build crosses over: one would
/// keep the old load context alive. It lives only in memory, until the next load; keep what must survive
/// a restart in <see cref="IModuleContext.DataDirectory"/>. A throwing save or restore is reported and
/// the module starts without the state.
/// </remarks>
public interface IKeepsStateAcrossReload
{
    /// <summary>The state to hand to the next build, or null for none.</summary>
    string? SaveStateForReload();

    /// <summary>Takes back the state the previous build saved.</summary>
    void RestoreStateAfterReload(string state);
}
