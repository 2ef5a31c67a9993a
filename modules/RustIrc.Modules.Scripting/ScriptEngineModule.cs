using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Scripting;

/// <summary>
/// A script engine module: the script core with the engine's runtime, started with the module. Stopping it
/// stops every script (each gets its <c>on_unload</c>) and frees every interpreter before the module's load
/// context goes: one left for a finalizer would call into code that is being unloaded.
/// </summary>
public abstract class ScriptEngineModule : ModuleBase
{
    private ScriptHost? _host;
    private IScriptRuntime? _runtime;

    /// <summary>The engine's runtime, made when the module starts; disposed after its scripts when it is <see cref="IDisposable"/>.</summary>
    protected abstract IScriptRuntime CreateRuntime();

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _runtime = CreateRuntime();
        _host = new ScriptHost(Context, _runtime);
        _host.Start();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _host?.Dispose();
        _host = null;
        (_runtime as IDisposable)?.Dispose();
        _runtime = null;
        return ValueTask.CompletedTask;
    }
}
