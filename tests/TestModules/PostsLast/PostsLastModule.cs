using System.Composition;
using RustIrc.Sdk.Modules;

namespace RustIrc.TestModules.PostsLast;

/// <summary>
/// While stopping, hops off the loop and posts an action back to it (as a socket reader hands over the
/// server's last lines), so that action is the last work item of this module the loop runs. Once it
/// has run, nothing of the module may stay referenced by the loop: unload must collect the context.
/// </summary>
[Export(typeof(IModule))]
public sealed class PostsLastModule : ModuleBase
{
    private int _handled;

    public override async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        await Task.Run(() => { }, cancellationToken).ConfigureAwait(false);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Context.Loop.Post(() =>
        {
            _handled++;
            done.SetResult();
        });
        await done.Task;
    }
}
