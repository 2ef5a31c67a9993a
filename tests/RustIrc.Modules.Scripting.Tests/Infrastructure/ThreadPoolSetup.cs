using System.Runtime.CompilerServices;

namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>
/// Starts the thread pool with enough threads. Starting and stopping a kernel blocks pool threads for a
/// moment (the module manager waits for the client loop; disposing joins the loop thread); with two test
/// classes doing so at once on two cores, the pool's slow thread injection would add seconds to single tests.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(completionPorts, 16));
    }
}
