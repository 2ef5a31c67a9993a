using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Threading;

/// <summary>
/// The single-threaded dispatcher: one dedicated thread drains a channel of work items in order. It
/// installs a <see cref="SynchronizationContext"/>, so an <c>await</c> inside a handler resumes on the
/// loop as well.
/// </summary>
internal sealed class ClientLoop : IClientLoop, IDisposable
{
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly LoopContext _context;

    public ClientLoop(ILogger logger)
    {
        _logger = logger;
        _context = new LoopContext(this);
        _thread = new Thread(Run) { Name = "rustirc-loop", IsBackground = true };
        _thread.Start();
    }

    public bool IsOnLoop => Thread.CurrentThread == _thread;

    public void Post(Action action) => Enqueue(new WorkItem(action, null, null));

    public Task InvokeAsync(Func<Task> action)
    {
        if (IsOnLoop)
        {
            return action();
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            Task task;
            try
            {
                task = action();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
                return;
            }
            task.ContinueWith(
                t =>
                {
                    if (t.IsFaulted) done.SetException(t.Exception!.InnerExceptions);
                    else if (t.IsCanceled) done.SetCanceled();
                    else done.SetResult();
                },
                TaskContinuationOptions.ExecuteSynchronously);
        });
        return done.Task;
    }

    public async Task<T> InvokeAsync<T>(Func<Task<T>> action)
    {
        T result = default!;
        await InvokeAsync(async () => { result = await action(); });
        return result;
    }

    public IDisposable Schedule(TimeSpan due, Action action, TimeSpan? period = null) =>
        new LoopTimer(this, due, action, period);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!IsOnLoop)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void Enqueue(WorkItem item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            _logger.LogDebug("The client loop has stopped; work posted after shutdown was dropped.");
        }
    }

    private void Run()
    {
        SynchronizationContext.SetSynchronizationContext(_context);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (RunNext(reader))
            {
            }
        }
    }

    /// <summary>
    /// Takes one work item off the queue and runs it; false when the queue is empty. Kept out of line on
    /// purpose: <see cref="Run"/> is entered once and never returns, so its frame lives as long as the
    /// client. Run once, it stays unoptimized code, whose every temporary (the item, the delegate taken out
    /// of it for the call, a caught exception) is a stack slot the collector reports for the whole method.
    /// Such a slot, holding the last posted action of a module, kept that module's load context alive
    /// after it was unloaded. This frame, and its slots, are gone once the item has run.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RunNext(ChannelReader<WorkItem> reader)
    {
        if (!reader.TryRead(out var item)) return false;
        try
        {
            if (item.Action is not null) item.Action();
            else item.Callback!(item.State);
        }
        catch (Exception ex)
        {
            // Handlers report their own faults; this catches what escaped a posted action.
            _logger.LogError(ex, "Work on the client loop failed: {Message}", ex.Message);
        }
        return true;
    }

    private readonly record struct WorkItem(Action? Action, SendOrPostCallback? Callback, object? State);

    private sealed class LoopContext(ClientLoop loop) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => loop.Enqueue(new WorkItem(null, d, state));

        public override void Send(SendOrPostCallback d, object? state)
        {
            if (loop.IsOnLoop)
            {
                d(state);
                return;
            }
            loop.InvokeAsync(() => { d(state); return Task.CompletedTask; }).GetAwaiter().GetResult();
        }

        public override SynchronizationContext CreateCopy() => this;
    }

    /// <summary>
    /// A timer whose ticks run on the loop. At most one tick waits in the queue: an action slower than its
    /// period skips ticks instead of piling them up in front of everything else (a typed /quit included).
    /// </summary>
    private sealed class LoopTimer : IDisposable
    {
        private readonly Timer _timer;
        private Action? _action;
        private int _waiting;

        public LoopTimer(ClientLoop loop, TimeSpan due, Action action, TimeSpan? period)
        {
            _action = action;
            _timer = new Timer(
                _ =>
                {
                    if (Interlocked.Exchange(ref _waiting, 1) == 1) return;
                    loop.Post(() =>
                    {
                        Volatile.Write(ref _waiting, 0);
                        _action?.Invoke();
                    });
                },
                null,
                due,
                period ?? Timeout.InfiniteTimeSpan);
        }

        public void Dispose()
        {
            _action = null; // drop the reference into the owner's code even if a tick is queued
            _timer.Dispose();
        }
    }
}
