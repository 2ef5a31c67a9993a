namespace RustIrc.Kernel.Hosting;

/// <summary>
/// Module operations run apart from the command that asked for them: the command may have been typed
/// into the very frontend being unloaded, whose code is on the stack until the command returns. Their
/// results and errors go to the status buffer (or the terminal), which outlive any one frontend.
/// </summary>
internal sealed class DetachedOperations(Action<string> notify)
{
    private int _running;
    private TaskCompletionSource? _idle;

    /// <summary>
    /// Completes when no detached module operation is running, so the terminal hands over the next
    /// typed line only once the previous /module command has finished.
    /// </summary>
    public Task WhenIdle()
    {
        if (_running == 0) return Task.CompletedTask;
        _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _idle.Task;
    }

    /// <summary>Starts <paramref name="operation"/> on the loop without waiting; its errors are told, not thrown.</summary>
    public void Run(Func<Task> operation) => _ = RunAsync(operation);

    private async Task RunAsync(Func<Task> operation)
    {
        _running++;
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            notify(ex.Message);
        }
        catch (Exception ex)
        {
            notify($"/module failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            if (--_running == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.SetResult();
            }
        }
    }
}
